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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler is SIGKILLed at seeded points of a run, each time while a try it launched has just started, and a
 * scheduler with a new id takes its place: once the dead one's heartbeat is older than
 * {@code scheduler_health_check_threshold} the new one adopts its pods (relabels them to itself), and every try
 * still runs exactly once in exactly one pod.
 *
 * <p>Each kill needs a try that the scheduler being killed queued, so tries must still be waiting to be queued when
 * the previous kill lands: the DAG has a wave of {@code parallelism} tasks more than there are kills. With 8 tasks
 * (two waves for two kills), a first kill that landed in the second wave (how many state changes precede it depends
 * on how fast the trigger and the scheduler are) left no try for the second.
 */
class SchedulerAdoptionFaultIT {

    private static final Duration JUST_STARTED = Duration.ofSeconds(2);

    @Test
    void aSchedulerWithANewIdAdoptsTheKilledOnesPodsAndEveryTryRunsOnceInOnePod() {
        FaultPlan plan = FaultPlan.of("SIGKILL, restart with a new id (adoption)", 12, 2);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("SchedulerAdoptionFaultIT").start()) {
            FaultDag dag = FaultDag.of("adoptions", plan, cluster.markers(), Duration.ofSeconds(12),
                    Duration.ofSeconds(16));
            List<String> ids = new ArrayList<>(List.of("s1"));
            SchedulerProcess scheduler = cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            while (ids.size() <= plan.rounds()
                    && run.progress().awaitSteps(plan.between(1, 6), FaultCluster.RUN_TIMEOUT)
                    && run.progress().awaitJustStarted(scheduler.id(), JUST_STARTED, FaultCluster.RUN_TIMEOUT)) {
                Instant killedAt = Instant.now();
                scheduler.kill();
                String successor = "s" + (ids.size() + 1);
                scheduler = cluster.startScheduler(successor);
                run.faults().add("SIGKILL " + ids.getLast() + ", replaced by " + successor, killedAt, killedAt);
                ids.add(successor);
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("kills injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
            List<OwnerChange> changes = cluster.ownerChanges();
            System.out.println("[faults] " + plan.scenario() + ": " + changes.size() + " pod(s) adopted: " + changes);
            for (int i = 0; i < ids.size() - 1; i++) {
                String dead = ids.get(i);
                assertThat(changes).as("pods adopted from %s", dead).anyMatch(c -> c.from().equals(dead));
            }
            assertThat(changes).as("adoptions only move pods from a killed scheduler to a later one")
                    .allMatch(c -> ids.indexOf(c.from()) >= 0 && ids.indexOf(c.to()) > ids.indexOf(c.from()));
        }
    }
}
