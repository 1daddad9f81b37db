package io.taskpod.app.endtoend;

import static io.taskpod.app.testing.kubernetes.KubernetesEndToEnd.podsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.MetadataQueries.TaskRow;
import io.taskpod.app.testing.kubernetes.MetadataQueries.Transition;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A try whose pod the node never starts, with {@code [scheduler] task_queued_timeout} (3 s) below
 * {@code worker_pods_pending_timeout} (300 s): the scheduler's stuck-in-queued check, not the executor's pending
 * timeout, ends each launch. Every stuck launch has its pod revoked (labelled {@code taskpod_pod_revoked=True},
 * then deleted) and the try requeued keeping its number, {@code num_stuck_in_queued_retries} (2) times; the third
 * stuck launch fails the task with the reason.
 */
class KubernetesStuckInQueuedEndToEndIT {

    private static final String DAG = "stuck";
    private static final String TASK = "never_starts";
    private static final String RUN_ID = "r1";
    private static final String REVOKED_LABEL = "taskpod_pod_revoked";

    @Test
    void aPodThatNeverStartsIsRevokedAndItsTryRequeuedUntilTheStuckRetriesAreUsedUpThenTheTaskFails() {
        try (KubernetesEndToEnd cluster = KubernetesEndToEnd.builder("KubernetesStuckInQueuedEndToEndIT")
                .set("scheduler", "task_queued_timeout", "3")
                .set("scheduler", "task_queued_timeout_check_interval", "0.5")
                .set("scheduler", "num_stuck_in_queued_retries", "2")
                .kubernetes("worker_pods_pending_timeout", "300")
                .start()) {
            cluster.kubelet().script(podsOf(DAG, TASK), NodeBehaviour.unschedulable());
            cluster.dagFile("stuck.yaml", """
                    dag_id: %s
                    tasks:
                      - task_id: %s
                        bash: |
                          %s
                    """.formatted(DAG, TASK, cluster.markers().record()));
            Set<String> revokedPods = ConcurrentHashMap.newKeySet();
            try (Watch ignored = cluster.client().pods().inAnyNamespace().withLabel(REVOKED_LABEL, "True")
                    .watch(new RevokedPods(revokedPods))) {
                cluster.startScheduler("s1");
                cluster.trigger(DAG, RUN_ID);
                cluster.awaitTask(DAG, RUN_ID, TASK, "failed", Duration.ofSeconds(40));

                TaskRow task = cluster.database().task(DAG, RUN_ID, TASK, -1);
                assertThat(task.tryNumber()).isEqualTo(1);
                assertThat(task.failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                        .contains("queued for more than 3s without starting (task_queued_timeout)")
                        .contains("already requeued 2 times (num_stuck_in_queued_retries)")
                        .doesNotContain("pending timeout"));
                List<Transition> transitions = cluster.database().transitions(DAG, RUN_ID, TASK, -1);
                assertThat(transitions).filteredOn(transition -> !transition.toState().equals("none"))
                        .as("the try keeps its number").allSatisfy(transition ->
                                assertThat(transition.tryNumber()).isEqualTo(1));
                assertThat(transitions).filteredOn(transition -> transition.fromState().equals("queued")
                                && transition.toState().equals("scheduled"))
                        .extracting(Transition::reason)
                        .satisfiesExactly(
                                first -> assertThat(first).contains("task_queued_timeout", "requeued 1 of 2"),
                                second -> assertThat(second).contains("task_queued_timeout", "requeued 2 of 2"));
                assertThat(transitions.getLast().toState()).isEqualTo("failed");

                assertThat(cluster.podsPerTry(DAG, TASK)).as("one pod per launch").isEqualTo(Map.of(1, 3L));
                assertThat(cluster.containersPerTry(DAG, TASK)).isEmpty();
                assertThat(cluster.markers().perTry(DAG, TASK, -1)).isEmpty();
                List<String> launchedPods = cluster.podRecords(DAG, TASK).stream()
                        .map(record -> record.namespace() + "/" + record.name() + "/" + record.uid()).toList();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(revokedPods).as("every stuck launch's pod was labelled revoked")
                            .containsExactlyInAnyOrderElementsOf(launchedPods);
                    assertThat(cluster.livePods()).as("and deleted").noneMatch(podsOf(DAG, TASK));
                });
            }
        }
    }

    /** Collects {@code namespace/name/uid} of every pod that carries the revoked label. */
    private record RevokedPods(Set<String> seen) implements Watcher<Pod> {

        @Override
        public void eventReceived(Action action, Pod pod) {
            if (action == Action.ADDED || action == Action.MODIFIED) {
                seen.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/"
                        + pod.getMetadata().getUid());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // Closed by the test; a watch that ended early would miss revoked pods, and the assertion says so.
        }
    }
}
