package io.taskpod.benchmarks.local;

import io.taskpod.benchmarks.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Per-task latencies of one phase and how busy its worker slots were.
 *
 * @param launchToClaim from the launch (the scheduler's {@code queued_at}, or the start of a direct launch) to the
 *     worker's claim ({@code started_at}): process and JVM start-up, configuration, DAG file, first database round
 *     trips
 * @param claimToRecorded from the claim to the recorded final state ({@code ended_at}): the task and the final write
 * @param slotUtilisation the sum of launch → recorded over all tasks, divided by parallelism × wall time: 1.0 means
 *     every slot was always busy; the rest is time a slot waited for the next launch (or for a worker JVM to exit
 *     after recording its state)
 */
record Latencies(Percentiles launchToClaim, Percentiles claimToRecorded, double slotUtilisation) {

    /** The three moments of one task in the database and in the launcher. */
    record TaskTrace(Instant launched, Instant claimed, Instant recorded) {}

    static Latencies of(List<TaskTrace> traces, int parallelism, Duration wall) {
        Duration busy = traces.stream().map(trace -> Duration.between(trace.launched(), trace.recorded()))
                .reduce(Duration.ZERO, Duration::plus);
        double capacity = (double) parallelism * wall.toNanos();
        return new Latencies(
                Percentiles.of(traces.stream().map(trace -> Duration.between(trace.launched(), trace.claimed())).toList()),
                Percentiles.of(traces.stream().map(trace -> Duration.between(trace.claimed(), trace.recorded())).toList()),
                capacity == 0 ? 0 : busy.toNanos() / capacity);
    }
}
