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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            Set<String> toDelete = new LinkedHashSet<>();
            for (int i = 1; i <= plan.rounds(); i++) {
                toDelete.addAll(List.of(PENDING + i, RUNNING + i, RUNNING_NO_RETRY + i));
                dag.task(PENDING + i, 1, cluster.markers().record());
                dag.task(RUNNING + i, 1, runsUntilDeletedOnTry1);
                dag.task(RUNNING_NO_RETRY + i, 0, runsUntilDeletedOnTry1);
                cluster.kubelet().script(KubernetesEndToEnd.podsOf(dag.dagId(), PENDING + i)
                        .and(PodDeletionFaultIT::try1), NodeBehaviour.unschedulable());
            }
            cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            while (!toDelete.isEmpty()) {
                Pod pod = await().atMost(FaultCluster.RUN_TIMEOUT)
                        .until(() -> firstReady(cluster, dag.dagId(), toDelete), Optional::isPresent).orElseThrow();
                String task = pod.getMetadata().getAnnotations().get(KubernetesEndToEnd.TASK_ID);
                Instant at = Instant.now();
                cluster.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                run.faults().add(task + " deleted while " + pod.getStatus().getPhase(), at, at);
                toDelete.remove(task);
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

    /**
     * A try-1 pod of one of {@code tasks} that is ready to be deleted, in whichever order they get there (a fixed
     * order could wait on a task whose slot the others hold): Pending ones once the node reported them
     * unschedulable, the others once their task has started.
     */
    private static Optional<Pod> firstReady(KubernetesEndToEnd cluster, String dagId, Set<String> tasks) {
        return cluster.livePods().stream().filter(pod -> pod.getMetadata().getAnnotations() != null)
                .filter(PodDeletionFaultIT::try1).filter(pod -> {
                    String task = pod.getMetadata().getAnnotations().get(KubernetesEndToEnd.TASK_ID);
                    if (!dagId.equals(pod.getMetadata().getAnnotations().get(KubernetesEndToEnd.DAG_ID))
                            || !tasks.contains(task)) {
                        return false;
                    }
                    return task.startsWith(PENDING) ? unschedulable(pod)
                            : running(pod) && cluster.markers().perTry(dagId, task, -1).containsKey(1);
                }).findFirst();
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
}
