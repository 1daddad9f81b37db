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
            256L * 1024 * 1024);

    private static PhaseResult phase(String name, long wallMillis, long taskMillis, long jvmMillis, long calls,
            Optional<Latencies> latencies) {
        CpuSample cpu = new CpuSample(Duration.ofMillis(jvmMillis), Duration.ofMillis(taskMillis), Duration.ofMillis(200));
        return new PhaseResult(name, 100, Duration.ofMillis(wallMillis), cpu,
                new PgStatements.Counts(calls, 50, List.of(new PgStatements.Entry("SELECT  1\n FROM dag", calls, 50))),
                "2.00 1.00 0.50", latencies);
    }

    @Test
    void showsThroughputCpuPerTaskAndTheSchedulerAgainstTheBaseline() {
        PhaseResult baseline = phase(JdbcBaseline.NAME, 1_000, 150, 100, 100, Optional.empty());
        Latencies latencies = new Latencies(new Percentiles(100, 9, 10, 11, 12), new Percentiles(100, 8, 9, 9, 10), 0.95);
        PhaseResult scheduled = phase(SchedulerPhase.NAME, 2_000, 160, 300, 500, Optional.of(latencies));
        SchedulerPhase.Result scheduler = new SchedulerPhase.Result(scheduled, new SchedulerFigures(Duration.ofMillis(60),
                250, Duration.ofMillis(500), Duration.ofMillis(420), 3, 80L * 1024 * 1024, 256L * 1024 * 1024));
        List<PodWorkerPhase.Variant> workers = List.of(
                new PodWorkerPhase.Variant(PodWorkerPhase.CDS_ARCHIVE, new Percentiles(20, 800, 900, 950, 990), 820,
                        new Percentiles(20, 1000, 1100, 1200, 1300)),
                new PodWorkerPhase.Variant(PodWorkerPhase.LAUNCHER, new Percentiles(20, 400, 450, 480, 500), 410,
                        new Percentiles(20, 600, 650, 700, 720)));

        String report = new Report(SETUP, List.of(baseline, scheduled), Optional.of(baseline), Optional.of(scheduler),
                workers).render();

        assertThat(report)
                .contains("100 independent no-op tasks, parallelism 4", "heap limit 256 MB")
                .containsPattern("baseline: spawn \\+ JDBC row +100 +1\\.0 +100\\.0 +1\\.50 +1\\.00 +2\\.00 +1\\.0")
                .containsPattern("scheduler \\+ LocalExecutor +100 +2\\.0 +50\\.0 +1\\.60 +3\\.00 +2\\.00 +5\\.0")
                .contains("throughput                50.0 tasks/s, 0.50 x the baseline's")
                .contains("scheduler JVM CPU         3.00 ms per task")
                .contains("loop thread CPU           0.60 ms per task")
                .contains("time inside the loop      5.00 ms per task  (250 iterations, 2.0 ms each, the longest 420 ms; 3 over 200 ms)")
                .contains("statements                5.0 per task  (baseline 1.0)")
                .contains("peak 80 MB in use (garbage included), limit 256 MB")
                .containsPattern("queued -> claimed +9 +10 +11 +12 +95%")
                .containsPattern("./taskpod before \\(CDS archive\\) +800 +820 +900 +990 +1000")
                .contains("the image's launcher now (its script included): 50% less CPU per worker than ./taskpod before (CDS archive) (means)")
                .contains("  5.00   0.500  SELECT 1 FROM dag");
    }

    @Test
    void longStatementsAreShortenedToOneLine() {
        assertThat(Report.shorten("SELECT a,\n   b FROM t")).isEqualTo("SELECT a, b FROM t");
        assertThat(Report.shorten("x".repeat(200))).hasSize(110).endsWith("...");
    }
}
