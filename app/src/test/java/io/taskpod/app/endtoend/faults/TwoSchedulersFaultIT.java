package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers share one database and one run; one of them, chosen by the seed, is SIGKILLed while a try it
 * launched has just started. The other adopts its pods, no try is queued by both, and every try runs exactly once in
 * exactly one pod. With more rounds (soak), a scheduler with a new id joins once the adoption is done, so two run
 * again before the next kill.
 */
class TwoSchedulersFaultIT {

    private static final Duration JUST_STARTED = Duration.ofSeconds(2);

    @Test
    void theSurvivingSchedulerAdoptsTheKilledOnesPodsAndNoTryIsQueuedTwice() {
        FaultPlan plan = FaultPlan.of("two schedulers, one SIGKILLed", 8, 1);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("TwoSchedulersFaultIT").start()) {
            FaultDag dag = FaultDag.of("pair", plan, cluster.markers(), Duration.ofSeconds(8), Duration.ofSeconds(14));
            List<SchedulerProcess> live = new ArrayList<>(List.of(cluster.startScheduler("s1"),
                    cluster.startScheduler("s2")));
            Map<String, String> survivorOf = new LinkedHashMap<>();
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            SchedulerProcess victim = live.get(plan.between(0, 1));
            while (survivorOf.size() < plan.rounds()
                    && run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)
                    && run.progress().awaitJustStarted(victim.id(), JUST_STARTED, FaultCluster.RUN_TIMEOUT)) {
                Instant killedAt = Instant.now();
                victim.kill();
                live.remove(victim);
                String survivor = live.getFirst().id();
                String dead = victim.id();
                survivorOf.put(dead, survivor);
                run.faults().add("SIGKILL " + dead + " (" + survivor + " runs on)", killedAt, killedAt);
                if (survivorOf.size() < plan.rounds()) {
                    await().atMost(FaultCluster.RUN_TIMEOUT)
                            .until(() -> cluster.ownerChanges().stream().anyMatch(c -> c.from().equals(dead)));
                    live.add(cluster.startScheduler("s" + (survivorOf.size() + 2)));
                    victim = live.get(plan.between(0, 1));
                }
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("kills injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
            assertThat(ledger.queuedBy()).as("both schedulers queued tries").contains("s1", "s2");
            List<OwnerChange> changes = cluster.ownerChanges();
            System.out.println("[faults] " + plan.scenario() + ": " + changes.size() + " pod(s) adopted: " + changes);
            for (String dead : survivorOf.keySet()) {
                assertThat(changes).as("pods adopted from %s", dead).anyMatch(c -> c.from().equals(dead));
            }
            assertThat(changes).as("only the survivor adopted a killed scheduler's pods")
                    .allMatch(c -> c.to().equals(survivorOf.get(c.from())));
        }
    }
}
