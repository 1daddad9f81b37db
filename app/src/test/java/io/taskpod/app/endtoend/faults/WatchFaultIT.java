package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.faults.RunLedger;
import io.taskpod.app.testing.faults.RunLedger.Expected;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pod watch is cut again and again and ended with 410 Gone in between, at seeded points of a run in which some
 * tries kill their own worker (so only the pod's terminal state, seen through the watch, can fail them). The
 * reconcile and the zombie check are pushed out of reach, so a terminal state the watch missed would leave its try
 * running until the run times out: the watch must reopen from its resourceVersion, or list again after 410.
 */
class WatchFaultIT {

    private static final String WORKER_KILLED_ON_TRY_1 = "crash";

    @Test
    void noTerminalStateIsMissedWhenTheWatchIsCutAndExpired() {
        FaultPlan plan = FaultPlan.of("watch cut and 410 Gone", 8, 6);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("WatchFaultIT")
                .kubernetes("worker_pods_reconcile_interval", "600")
                .set("scheduler", "task_instance_heartbeat_timeout", "600")
                .start()) {
            FaultDag dag = FaultDag.of("watches", plan, cluster.markers(), Duration.ofMillis(500),
                    Duration.ofSeconds(2));
            int crashing = Math.max(1, plan.tasks() / 4);
            for (int i = 1; i <= crashing; i++) {
                dag.task(WORKER_KILLED_ON_TRY_1 + i, 1, cluster.markers().record() + "\nsleep 1\n"
                        + "if [ \"$TASKPOD_TRY_NUMBER\" = 1 ]; then kill -9 $PPID; sleep 5; fi");
            }
            SchedulerProcess scheduler = cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            int expired = 0;
            while (run.faults().count() < plan.rounds()
                    && run.progress().awaitSteps(plan.between(1, 4), FaultCluster.RUN_TIMEOUT)) {
                Instant at = Instant.now();
                if (plan.chance(0.35)) {
                    cluster.expireWatches();
                    run.faults().add("watch ended with 410 Gone", at, at);
                    expired++;
                } else {
                    cluster.cutWatches();
                    run.faults().add("watch connection cut", at, at);
                }
            }

            Map<String, Expected> expected = run.allSucceededOnce();
            for (int i = 1; i <= crashing; i++) {
                expected.put(WORKER_KILLED_ON_TRY_1 + i, new Expected("success", Map.of(1, 1L, 2, 1L),
                        Map.of(1, 1L, 2, 1L)));
            }
            RunLedger ledger = run.finish("success", expected);

            assertThat(run.faults().count()).as("faults injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
            for (int i = 1; i <= crashing; i++) {
                assertThat(cluster.taskLog(run.dagId(), run.runId(), WORKER_KILLED_ON_TRY_1 + i, 1))
                        .as("try 1 failed from its pod's terminal state").contains("{kubernetes}");
            }
            String log = scheduler.log();
            assertThat(log).as("the watch was reopened").contains("reopening from resourceVersion");
            if (expired > 0) {
                assertThat(log).as("the watch listed again after 410").contains("got 410 Gone");
            }
        }
    }
}
