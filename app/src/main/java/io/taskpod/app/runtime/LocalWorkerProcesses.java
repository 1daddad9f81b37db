package io.taskpod.app.runtime;

import io.taskpod.core.executor.ProcessTree;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code taskpod tasks run} worker processes this JVM started (the LocalExecutor's), for stopping them at once on
 * a second SIGTERM: each gets SIGTERM (its worker stops the task and records the failure), then SIGKILL after the
 * grace. Other child processes (an embedded PostgreSQL) are left alone.
 */
public final class LocalWorkerProcesses {

    private static final Logger log = LoggerFactory.getLogger(LocalWorkerProcesses.class);

    private LocalWorkerProcesses() {}

    /** Stops every local worker process now, each with {@code grace} between SIGTERM and SIGKILL; returns at once. */
    public static void stopNow(Duration grace) {
        List<ProcessHandle> workers = ProcessHandle.current().children().filter(LocalWorkerProcesses::isWorker).toList();
        log.warn("Stopping {} running task(s) now", workers.size());
        for (ProcessHandle worker : workers) {
            Thread.ofPlatform().daemon().name("stop-worker-" + worker.pid())
                    .start(() -> ProcessTree.terminate(worker, grace));
        }
    }

    private static boolean isWorker(ProcessHandle process) {
        Optional<String[]> arguments = process.info().arguments();
        if (arguments.isEmpty()) {
            return false;
        }
        List<String> args = Arrays.asList(arguments.get());
        int tasks = args.indexOf("tasks");
        return tasks >= 0 && tasks + 1 < args.size() && args.get(tasks + 1).equals("run");
    }
}
