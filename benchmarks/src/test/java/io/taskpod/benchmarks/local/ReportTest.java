package io.taskpod.benchmarks.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.benchmarks.CpuSample;
import io.taskpod.benchmarks.Percentiles;
import io.taskpod.benchmarks.PgStatements;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Report.Setup SETUP = new Report.Setup(100, 4, Map.of(), "2 cores", "1.00 0.50 0.25",
            "java ... tasks run DAG TASK RUN --try-number N");

    private static PhaseResult phase(String name, long wallMillis, long workerMillis, long jvmMillis, long calls) {
        CpuSample cpu = new CpuSample(Duration.ofMillis(jvmMillis), Duration.ofMillis(workerMillis), Duration.ofMillis(200));
        Latencies latencies = new Latencies(new Percentiles(100, 900, 1000, 1100, 1200),
                new Percentiles(100, 80, 90, 99, 100), 0.95);
        return new PhaseResult(name, 100, Duration.ofMillis(wallMillis), cpu,
                new PgStatements.Counts(calls, 50, List.of(new PgStatements.Entry("SELECT  1\n FROM dag", calls, 50))),
                "2.00 1.00 0.50", Optional.of(latencies));
    }

    @Test
    void showsThroughputCpuPerTaskAndTheSchedulersShareAgainstTheWorkersAlone() {
        PhaseResult workers = phase(LaunchBaselines.WORKERS, 40_000, 90_000, 400, 700);
        PhaseResult scheduled = phase(SchedulerPhase.NAME, 50_000, 92_000, 1_500, 1_500);
        SchedulerPhase.Result scheduler = new SchedulerPhase.Result(scheduled,
                new SchedulerFigures(Duration.ofMillis(600), 250, Duration.ofMillis(5_000)));

        String report = new Report(SETUP, List.of(workers, scheduled), Optional.of(workers), Optional.of(scheduler)).render();

        assertThat(report)
                .contains("100 independent no-op tasks, parallelism 4")
                .containsPattern("workers: `taskpod tasks run`, no scheduler +100 +40\\.0 +2\\.5 +900\\.00 +4\\.00 +2\\.00 +7\\.0")
                .containsPattern("scheduler \\+ LocalExecutor +100 +50\\.0 +2\\.0 +920\\.00 +15\\.00")
                .contains("loop thread CPU           6.00 ms")
                .contains("time inside the loop      50.00 ms  (250 iterations, 20.0 ms each")
                .contains("statements                15.0    (workers alone 7.0, so the scheduler's about 8.0)")
                .contains("throughput                0.80 x that of the workers alone")
                .containsPattern("launch -> claim, scheduler \\+ LocalExecutor +900 +1000 +1100 +1200 +95%")
                .contains(" 15.00   0.500  SELECT 1 FROM dag");
    }

    @Test
    void longStatementsAreShortenedToOneLine() {
        assertThat(Report.shorten("SELECT a,\n   b FROM t")).isEqualTo("SELECT a, b FROM t");
        assertThat(Report.shorten("x".repeat(200))).hasSize(110).endsWith("...");
    }
}
