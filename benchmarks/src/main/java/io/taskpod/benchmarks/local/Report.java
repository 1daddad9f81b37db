package io.taskpod.benchmarks.local;

import io.taskpod.benchmarks.Percentiles;
import io.taskpod.benchmarks.PgStatements;
import io.taskpod.benchmarks.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The printed figures of one benchmark run. */
final class Report {

    /** What the run was: the first lines of the report. */
    record Setup(int tasks, int parallelism, Map<String, String> settings, String machine, String loadAtStart,
            long heapLimitBytes) {}

    private static final int STATEMENT_TEXT = 110;
    private static final double MB = 1024 * 1024;

    private final Setup setup;
    private final List<PhaseResult> phases;
    private final Optional<PhaseResult> baseline;
    private final Optional<SchedulerPhase.Result> scheduler;
    private final List<PodWorkerPhase.Variant> workers;

    /**
     * @param phases the phases of N tasks, in the order they ran
     * @param baseline the baseline, when it ran
     * @param scheduler the scheduler phase, when it ran
     * @param workers the worker JVM variants, when that phase ran
     */
    Report(Setup setup, List<PhaseResult> phases, Optional<PhaseResult> baseline,
            Optional<SchedulerPhase.Result> scheduler, List<PodWorkerPhase.Variant> workers) {
        this.setup = setup;
        this.phases = List.copyOf(phases);
        this.baseline = baseline;
        this.scheduler = scheduler;
        this.workers = List.copyOf(workers);
    }

    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("taskpod LocalExecutor benchmark: " + setup.tasks() + " independent no-op tasks, parallelism "
                + setup.parallelism() + (setup.settings().isEmpty() ? "" : ", settings " + setup.settings()));
        lines.add("Machine: " + setup.machine() + "; load average at start " + setup.loadAtStart() + "; heap limit "
                + number(setup.heapLimitBytes() / MB, 0) + " MB");
        if (!phases.isEmpty()) {
            lines.add("");
            lines.add("Throughput and CPU per task (CPU = user + system; \"tasks\" = the task processes, \"this JVM\" = "
                    + "the baseline's threads or the scheduler with its LocalExecutor)");
            lines.add(throughput().stripTrailing());
        }
        scheduler.ifPresent(result -> {
            lines.add("");
            lines.addAll(overhead(result));
            lines.add("");
            lines.add(latencies(result.phase()).stripTrailing());
        });
        if (!workers.isEmpty()) {
            lines.add("");
            lines.addAll(workerJvms());
        }
        scheduler.ifPresent(result -> {
            lines.add("");
            lines.addAll(topStatements(result.phase()));
        });
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private String throughput() {
        TextTable table = new TextTable("phase", "tasks", "wall s", "tasks/s", "tasks ms", "this JVM ms", "postgres ms",
                "statements", "load at end");
        for (PhaseResult phase : phases) {
            table.row(phase.name(), Integer.toString(phase.tasks()), number(seconds(phase.wall()), 1),
                    number(phase.tasksPerSecond(), 1), perTask(phase.cpu().children(), phase),
                    perTask(phase.cpu().thisJvm(), phase), perTask(phase.cpu().tree(), phase),
                    number(phase.statementsPerTask(), 1), phase.load());
        }
        return table.render();
    }

    private List<String> overhead(SchedulerPhase.Result result) {
        PhaseResult phase = result.phase();
        SchedulerFigures figures = result.scheduler();
        List<String> lines = new ArrayList<>();
        lines.add("Scheduler (scheduler phase)");
        lines.add("  throughput                " + number(phase.tasksPerSecond(), 1) + " tasks/s"
                + baseline.map(base -> ", " + number(phase.tasksPerSecond() / base.tasksPerSecond(), 2)
                        + " x the baseline's").orElse(""));
        lines.add("  scheduler JVM CPU         " + perTask(phase.cpu().thisJvm(), phase)
                + " ms per task  (all threads: loop, task supervision, process reaping, connection pool, JIT, GC)");
        lines.add("  loop thread CPU           " + perTask(figures.loopThreadCpu(), phase) + " ms per task");
        lines.add("  time inside the loop      " + perTask(figures.loopWall(), phase) + " ms per task  ("
                + figures.iterations() + " iterations, " + number(millis(figures.loopWall()) / Math.max(1, figures.iterations()), 1)
                + " ms each, the longest " + number(millis(figures.longestIteration()), 0) + " ms; "
                + figures.longIterations() + " over " + SchedulerPhase.LONG_ITERATION.toMillis() + " ms)");
        lines.add("  statements                " + number(phase.statementsPerTask(), 1) + " per task"
                + baseline.map(base -> "  (baseline " + number(base.statementsPerTask(), 1) + ")").orElse(""));
        lines.add("  heap                      peak " + number(figures.peakHeapBytes() / MB, 0) + " MB in use (garbage "
                + "included), limit " + number(figures.heapLimitBytes() / MB, 0) + " MB");
        return lines;
    }

    private static String latencies(PhaseResult phase) {
        TextTable table = new TextTable("per-task latency, ms", "p50", "p90", "p99", "max", "slot use");
        phase.latencies().ifPresent(latencies -> {
            percentiles(table, "queued -> claimed", latencies.launchToClaim(), percent(latencies.slotUtilisation()));
            percentiles(table, "claimed -> recorded", latencies.claimToRecorded(), "");
        });
        return table.render();
    }

    private List<String> workerJvms() {
        List<String> lines = new ArrayList<>();
        lines.add("Worker JVM of a pod (`taskpod tasks run` of one no-op task, one at a time; "
                + workers.getFirst().cpuMillis().count() + " runs of each variant, taken in turns)");
        TextTable table = new TextTable("variant", "CPU ms p50", "mean", "p90", "max", "wall ms p50");
        for (PodWorkerPhase.Variant variant : workers) {
            Percentiles cpu = variant.cpuMillis();
            table.row(variant.name(), number(cpu.p50(), 0), number(variant.meanCpuMillis(), 0), number(cpu.p90(), 0),
                    number(cpu.max(), 0), number(variant.wallMillis().p50(), 0));
        }
        lines.add(table.render().stripTrailing());
        List<PodWorkerPhase.Variant> before = workers.stream().filter(v -> v.name().contains("before")).toList();
        for (PodWorkerPhase.Variant now : workers.stream().filter(v -> !v.name().contains("before")).toList()) {
            for (PodWorkerPhase.Variant earlier : before) {
                lines.add("  " + now.name() + ": " + number((1 - now.meanCpuMillis() / earlier.meanCpuMillis()) * 100, 0)
                        + "% less CPU per worker than " + earlier.name() + " (means)");
            }
        }
        return lines;
    }

    private static void percentiles(TextTable table, String name, Percentiles p, String last) {
        table.row(name, number(p.p50(), 0), number(p.p90(), 0), number(p.p99(), 0), number(p.max(), 0), last);
    }

    private static List<String> topStatements(PhaseResult phase) {
        List<String> lines = new ArrayList<>();
        lines.add("Most frequent statements in the scheduler phase (calls per task, server ms per task, statement)");
        for (PgStatements.Entry entry : phase.statements().top()) {
            lines.add(String.format(Locale.ROOT, "  %6.2f %7.3f  %s", (double) entry.calls() / phase.tasks(),
                    entry.totalMillis() / phase.tasks(), shorten(entry.query())));
        }
        return lines;
    }

    static String shorten(String query) {
        String flat = query.replaceAll("\\s+", " ").strip();
        return flat.length() <= STATEMENT_TEXT ? flat : flat.substring(0, STATEMENT_TEXT - 3) + "...";
    }

    private static String perTask(Duration total, PhaseResult phase) {
        return number(millis(total) / phase.tasks(), 2);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String percent(double fraction) {
        return number(fraction * 100, 0) + "%";
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
