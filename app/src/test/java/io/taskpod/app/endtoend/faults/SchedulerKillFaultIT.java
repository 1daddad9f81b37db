package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.faults.RunLedger;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The scheduler is SIGKILLed at seeded points of a run and started again with the same id each time: it resumes
 * its pods and watches instead of relaunching, so every try still runs exactly once in exactly one pod.
 */
class SchedulerKillFaultIT {

    @Test
    void aSchedulerKilledAndRestartedWithItsIdRunsEveryTryOnceInOnePod() {
        FaultPlan plan = FaultPlan.of("SIGKILL, restart with the same id", 12, 3);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("SchedulerKillFaultIT").start()) {
            FaultDag dag = FaultDag.of("kills", plan, cluster.markers(), Duration.ofSeconds(1), Duration.ofSeconds(3));
            SchedulerProcess scheduler = cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            int kills = 0;
            while (kills < plan.rounds() && run.progress().awaitSteps(plan.between(2, 6), FaultCluster.RUN_TIMEOUT)) {
                Instant killedAt = Instant.now();
                scheduler.kill();
                scheduler = cluster.startScheduler("s1");
                run.faults().add("SIGKILL s1, restarted as s1", killedAt, killedAt);
                kills++;
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(kills).as("kills injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
            assertThat(ledger.queuedBy()).containsExactly("s1");
            assertThat(cluster.ownerChanges()).as("a restart with the same id adopts nothing").isEmpty();
        }
    }
}
