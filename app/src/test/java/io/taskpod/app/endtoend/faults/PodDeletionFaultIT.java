package io.taskpod.app.endtoend.faults;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.faults.RunLedger;
import io.taskpod.app.testing.faults.RunLedger.Expected;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Pods are deleted behind the executor's back: while Pending (the node never starts them) and while Running. Each
 * deleted try fails; a task with {@code retries: 1} runs its second try and succeeds, one without retries ends
 * failed; the tasks nobody touched succeed once; none stays queued past {@code task_queued_timeout}.
 */
class PodDeletionFaultIT {

    private static final String PENDING = "pending";
    private static final String RUNNING = "running";
    private static final String RUNNING_NO_RETRY = "final";

    @Test
    void triesWhosePodsAreDeletedFailAndAreRetriedAsConfigured() {
        FaultPlan plan = FaultPlan.of("pods deleted while Pending and Running", 4, 1);
        try (KubernetesEndToEnd cluster = FaultCluster.builder("PodDeletionFaultIT").start()) {
            FaultDag dag = FaultDag.of("deletions", plan, cluster.markers(), Duration.ofSeconds(1),
                    Duration.ofSeconds(3));
            String runsUntilDeletedOnTry1 = cluster.markers().record() + "\nif [ \"$TASKPOD_TRY_NUMBER\" = 1 ];"
                    + " then sleep 120; fi";
            List<String> deletedPending = new ArrayList<>();
            List<String> deletedRunning = new ArrayList<>();
            for (int i = 1; i <= plan.rounds(); i++) {
                deletedPending.add(PENDING + i);
                deletedRunning.add(RUNNING + i);
                deletedRunning.add(RUNNING_NO_RETRY + i);
                dag.task(PENDING + i, 1, cluster.markers().record());
                dag.task(RUNNING + i, 1, runsUntilDeletedOnTry1);
                dag.task(RUNNING_NO_RETRY + i, 0, runsUntilDeletedOnTry1);
                cluster.kubelet().script(KubernetesEndToEnd.podsOf(dag.dagId(), PENDING + i)
                        .and(PodDeletionFaultIT::try1), NodeBehaviour.unschedulable());
            }
            cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            for (String task : deletedPending) {
                Pod pod = awaitPod(cluster, dag.dagId(), task, PodDeletionFaultIT::unschedulable);
                deletePod(cluster, run, pod, task + " deleted while Pending");
            }
            for (String task : deletedRunning) {
                await().atMost(FaultCluster.RUN_TIMEOUT)
                        .until(() -> cluster.markers().perTry(dag.dagId(), task, -1).containsKey(1));
                Pod pod = awaitPod(cluster, dag.dagId(), task, PodDeletionFaultIT::running);
                deletePod(cluster, run, pod, task + " deleted while Running");
            }

            Map<String, Expected> expected = run.allSucceededOnce();
            Map<Integer, Long> onePodEach = Map.of(1, 1L, 2, 1L);
            for (int i = 1; i <= plan.rounds(); i++) {
                expected.put(PENDING + i, new Expected("success", Map.of(2, 1L), onePodEach));
                expected.put(RUNNING + i, new Expected("success", onePodEach, onePodEach));
                expected.put(RUNNING_NO_RETRY + i, new Expected("failed", Map.of(1, 1L), Map.of(1, 1L)));
            }
            RunLedger ledger = run.finish("failed", expected);

            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
        }
    }

    /** The task's try-1 pod once it is in the state {@code wanted} tells (as the node reported it). */
    private static Pod awaitPod(KubernetesEndToEnd cluster, String dagId, String taskId, Predicate<Pod> wanted) {
        return await().atMost(FaultCluster.RUN_TIMEOUT).until(() -> cluster.livePods().stream()
                .filter(KubernetesEndToEnd.podsOf(dagId, taskId).and(PodDeletionFaultIT::try1).and(wanted))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static boolean try1(Pod pod) {
        return "1".equals(pod.getMetadata().getAnnotations().get(KubernetesEndToEnd.TRY_NUMBER));
    }

    /** Pending because the node reported it cannot be scheduled (not merely not looked at yet). */
    private static boolean unschedulable(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("PodScheduled") && "Unschedulable".equals(c.getReason()));
    }

    private static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    private static void deletePod(KubernetesEndToEnd cluster, FaultRun run, Pod pod, String what) {
        Instant at = Instant.now();
        cluster.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        run.faults().add(what, at, at);
    }
}
