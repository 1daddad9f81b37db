package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.faults.Outage;
import io.taskpod.app.testing.faults.RunLedger;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for a moment at seeded points of a run and starts again with the same data: every connection
 * of the scheduler and of the workers breaks, they reconnect, and every try runs exactly once in exactly one pod.
 */
class PostgresRestartFaultIT {

    @Test
    void aRunCompletesAcrossDatabaseRestartsWithEveryTryRunOnceInOnePod() {
        FaultPlan plan = FaultPlan.of("PostgreSQL restarted", 8, 2);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("PostgresRestartFaultIT").start()) {
            FaultDag dag = FaultDag.of("restarts", plan, cluster.markers(), Duration.ofSeconds(1),
                    Duration.ofSeconds(4));
            cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            while (run.faults().count() < plan.rounds()
                    && run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)) {
                Instant stoppedAt = Instant.now();
                cluster.stopPostgres();
                Outage.last(plan.between(Duration.ofMillis(500), Duration.ofSeconds(3)));
                cluster.startPostgres();
                run.faults().add("PostgreSQL down", stoppedAt, Instant.now());
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("restarts injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
        }
    }
}
