package io.taskpod.benchmarks.local;

import io.taskpod.benchmarks.CpuSample;
import io.taskpod.benchmarks.PgStatements;
import java.time.Duration;
import java.util.Optional;

/**
 * What one phase measured.
 *
 * @param cpu CPU used during the phase by this JVM (the scheduler, in the scheduler phase), by the worker processes
 *     and the tasks they ran, and by PostgreSQL
 * @param statements taskpod's statements during the phase (the benchmark's own queries are not counted)
 * @param load the load average when the phase ended
 * @param latencies per-task latencies, for the phases whose workers record task instances
 */
record PhaseResult(String name, int tasks, Duration wall, CpuSample cpu, PgStatements.Counts statements, String load,
        Optional<Latencies> latencies) {

    double tasksPerSecond() {
        return tasks / (wall.toNanos() / 1e9);
    }

    double statementsPerTask() {
        return (double) statements.calls() / tasks;
    }
}
