package io.taskpod.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used so far (user + system) by this JVM, by the child processes it has waited for (and their own
 * children), and by another process tree: a root and its direct children, live or reaped (PostgreSQL's postmaster
 * and its backends). Take one before and one after a phase; {@link #minus} gives the phase's share.
 */
public record CpuSample(Duration thisJvm, Duration children, Duration tree) {

    /** Samples now; {@code treeRoot} is the pid of the tree's root. */
    public static CpuSample take(long treeRoot) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Duration children = ProcStat.self().map(ProcStat::reapedChildren).orElse(Duration.ZERO);
        return new CpuSample(Duration.ofNanos(os.getProcessCpuTime()), children, treeCpu(treeRoot));
    }

    private static Duration treeCpu(long root) {
        Duration rootTime = ProcStat.read(root).map(ProcStat::total).orElse(Duration.ZERO);
        return ProcessHandle.of(root).stream().flatMap(ProcessHandle::children)
                .map(child -> ProcStat.read(child.pid()).map(ProcStat::total).orElse(Duration.ZERO))
                .reduce(rootTime, Duration::plus);
    }

    public CpuSample minus(CpuSample earlier) {
        return new CpuSample(thisJvm.minus(earlier.thisJvm), children.minus(earlier.children), tree.minus(earlier.tree));
    }
}
