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
            String workerCommand) {}

    private static final int STATEMENT_TEXT = 110;

    private final Setup setup;
    private final List<PhaseResult> phases;
    private final Optional<PhaseResult> workers;
    private final Optional<SchedulerPhase.Result> scheduler;

    /**
     * @param phases every phase, in the order they ran
     * @param workers the workers-without-scheduler baseline, when it ran
     * @param scheduler the scheduler phase, when it ran
     */
    Report(Setup setup, List<PhaseResult> phases, Optional<PhaseResult> workers, Optional<SchedulerPhase.Result> scheduler) {
        this.setup = setup;
        this.phases = List.copyOf(phases);
        this.workers = workers;
        this.scheduler = scheduler;
    }

    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("taskpod LocalExecutor benchmark: " + setup.tasks() + " independent no-op tasks, parallelism "
                + setup.parallelism() + (setup.settings().isEmpty() ? "" : ", settings " + setup.settings()));
        lines.add("Machine: " + setup.machine() + "; load average at start " + setup.loadAtStart());
        lines.add("Worker command: " + setup.workerCommand());
        lines.add("");
        lines.add("Throughput and CPU per task (CPU = user + system; \"workers\" includes the tasks they ran, \"this JVM\" "
                + "is the scheduler in its phase)");
        lines.add(throughput().stripTrailing());
        scheduler.ifPresent(result -> {
            lines.add("");
            lines.addAll(overhead(result));
        });
        if (phases.stream().anyMatch(phase -> phase.latencies().isPresent())) {
            lines.add("");
            lines.add(latencies().stripTrailing());
        }
        scheduler.ifPresent(result -> {
            lines.add("");
            lines.addAll(topStatements(result.phase()));
        });
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private String throughput() {
        TextTable table = new TextTable("phase", "tasks", "wall s", "tasks/s", "workers ms", "this JVM ms", "postgres ms",
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
        lines.add("Scheduler overhead per task (scheduler phase)");
        lines.add("  loop thread CPU           " + perTask(figures.loopThreadCpu(), phase)
                + " ms  (the loop thread also starts the worker processes)");
        lines.add("  scheduler JVM CPU         " + perTask(phase.cpu().thisJvm(), phase)
                + " ms  (all threads: loop, process reaping, connection pool, JIT, GC)");
        lines.add("  time inside the loop      " + perTask(figures.loopWall(), phase) + " ms  (" + figures.iterations()
                + " iterations, " + number(millis(figures.loopWall()) / Math.max(1, figures.iterations()), 1)
                + " ms each; the rest of the wall time the loop paused)");
        workers.ifPresentOrElse(alone -> {
            lines.add("  statements                " + number(phase.statementsPerTask(), 1) + "    (workers alone "
                    + number(alone.statementsPerTask(), 1) + ", so the scheduler's about "
                    + number(phase.statementsPerTask() - alone.statementsPerTask(), 1) + ")");
            lines.add("  throughput                " + number(phase.tasksPerSecond() / alone.tasksPerSecond(), 2)
                    + " x that of the workers alone");
        }, () -> lines.add("  statements                " + number(phase.statementsPerTask(), 1) + "    (all of taskpod's)"));
        return lines;
    }

    private String latencies() {
        TextTable table = new TextTable("per-task latency, ms", "p50", "p90", "p99", "max", "slot use");
        for (PhaseResult phase : phases) {
            phase.latencies().ifPresent(latencies -> {
                percentiles(table, "launch -> claim, " + phase.name(), latencies.launchToClaim(),
                        percent(latencies.slotUtilisation()));
                percentiles(table, "claim -> recorded, " + phase.name(), latencies.claimToRecorded(), "");
            });
        }
        return table.render();
    }

    private static void percentiles(TextTable table, String name, Percentiles p, String last) {
        table.row(name, number(p.p50(), 0), number(p.p90(), 0), number(p.p99(), 0), number(p.max(), 0), last);
    }

    private List<String> topStatements(PhaseResult phase) {
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
