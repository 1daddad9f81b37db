package io.taskpod.benchmarks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Latencies.TaskTrace trace(long launched, long claimed, long recorded) {
        return new Latencies.TaskTrace(T0.plusMillis(launched), T0.plusMillis(claimed), T0.plusMillis(recorded));
    }

    @Test
    void latenciesPerTaskAndTheShareOfSlotTimeSpentOnTasks() {
        List<Latencies.TaskTrace> traces = List.of(trace(0, 800, 1000), trace(0, 900, 1000), trace(1000, 1600, 1800));

        Latencies latencies = Latencies.of(traces, 2, Duration.ofMillis(2000));

        assertThat(latencies.launchToClaim().p50()).isEqualTo(800);
        assertThat(latencies.launchToClaim().max()).isEqualTo(900);
        assertThat(latencies.claimToRecorded().max()).isEqualTo(200);
        // busy 1000 + 1000 + 800 ms of 2 slots x 2000 ms
        assertThat(latencies.slotUtilisation()).isEqualTo(0.7);
    }
}
