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
 * The API server goes away for a few seconds at seeded points of a run (connections refused, watches cut) and
 * comes back at the same address with everything it stored: creates are retried, watches reopen, and every try
 * runs exactly once in exactly one pod.
 */
class ApiServerOutageFaultIT {

    @Test
    void aRunCompletesAcrossApiServerOutagesWithEveryTryRunOnceInOnePod() {
        FaultPlan plan = FaultPlan.of("API server stopped and restarted", 8, 2);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("ApiServerOutageFaultIT").start()) {
            FaultDag dag = FaultDag.of("outages", plan, cluster.markers(), Duration.ofSeconds(1),
                    Duration.ofSeconds(4));
            cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            while (run.faults().count() < plan.rounds()
                    && run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)) {
                Instant stoppedAt = Instant.now();
                cluster.stopApiServer();
                Outage.last(plan.between(Duration.ofSeconds(2), Duration.ofSeconds(5)));
                cluster.startApiServer();
                run.faults().add("API server down", stoppedAt, Instant.now());
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("outages injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
        }
    }
}
