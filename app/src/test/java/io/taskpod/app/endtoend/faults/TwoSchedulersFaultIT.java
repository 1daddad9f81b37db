package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.faults.RunLedger;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd.OwnerChange;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers share one database and one run; one is SIGKILLed while a try it launched has just started. The
 * other adopts its pods, no try is queued by both, and every try runs exactly once in exactly one pod.
 */
class TwoSchedulersFaultIT {

    @Test
    void theSurvivingSchedulerAdoptsTheKilledOnesPodsAndNoTryIsQueuedTwice() {
        FaultPlan plan = FaultPlan.of("two schedulers, one SIGKILLed", 8, 1);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("TwoSchedulersFaultIT").start()) {
            FaultDag dag = FaultDag.of("pair", plan, cluster.markers(), Duration.ofSeconds(8), Duration.ofSeconds(14));
            SchedulerProcess first = cluster.startScheduler("s1");
            SchedulerProcess second = cluster.startScheduler("s2");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            SchedulerProcess victim = plan.chance(0.5) ? first : second;
            String survivor = victim == first ? "s2" : "s1";
            if (run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)
                    && run.progress().awaitJustStarted(victim.id(), Duration.ofSeconds(2), FaultCluster.RUN_TIMEOUT)) {
                Instant killedAt = Instant.now();
                victim.kill();
                run.faults().add("SIGKILL " + victim.id() + " (" + survivor + " runs on)", killedAt, killedAt);
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("kill injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
            assertThat(ledger.queuedBy()).as("both schedulers queued tries").containsExactlyInAnyOrder("s1", "s2");
            List<OwnerChange> changes = cluster.ownerChanges();
            System.out.println("[faults] " + plan.scenario() + ": " + changes.size() + " pod(s) adopted: " + changes);
            assertThat(changes).as("the survivor adopted the killed scheduler's pods").isNotEmpty()
                    .allMatch(c -> c.from().equals(victim.id()) && c.to().equals(survivor));
        }
    }
}
