package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.DatabaseOutageException;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.testkit.kubernetes.DeleteRequest;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One try through its whole life against the test API server, the executor's user-visible promises. */
class KubernetesExecutorLifecycleTest {

    @TempDir
    Path logs;

    private ExecutorHarness harness;

    @BeforeEach
    void startServer() {
        harness = new ExecutorHarness(logs);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void queuedTaskGetsItsPodAndReportsTheStateTheWorkerRecordedThenThePodIsDeleted() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("load");
        harness.queue(executor, key);

        harness.heartbeat(executor);
        assertThat(harness.events(executor)).containsExactly(ExecutorEvent.of(key, TaskState.QUEUED, "default/" + podName(key)));
        Pod pod = harness.awaitPod("default", podName(key));
        assertThat(pod.getMetadata().getLabels()).containsEntry(PodLabels.WORKER, ExecutorHarness.SCHEDULER)
                .containsEntry(PodLabels.DAG_ID, "etl").containsEntry(PodLabels.TASK_ID, "load")
                .containsEntry(PodLabels.TRY_NUMBER, "1").containsEntry(PodLabels.KUBERNETES_EXECUTOR, "True");
        assertThat(pod.getSpec().getContainers().getFirst().getArgs())
                .containsExactly("tasks", "run", "etl", "load", "manual__2026-01-01", "--try-number", "1",
                        "--launch-attempt", "1");

        harness.phase("default", podName(key), "Running");
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");

        ExecutorEvent finished = harness.awaitFinished(executor, key);
        assertThat(finished.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(executor.running()).doesNotContain(key);
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
        assertThat(harness.events(executor)).filteredOn(e -> e.state().isFinished()).hasSize(1);
    }

    @Test
    void startingRegistersOnlyTheLaunchGaugesSoAHybridDoesNotReportTheKubernetesSideTwice() {
        KubernetesExecutor executor = harness.start();

        assertThat(harness.meters.find("kubernetes_executor.pod_creates_in_flight").gauge()).isNotNull();
        assertThat(harness.meters.find("executor.running_tasks").gauges()).isEmpty();

        executor.bindMetrics(harness.meters);
        assertThat(harness.meters.find("executor.running_tasks").tag("executor", "KubernetesExecutor").gauge())
                .isNotNull();
    }

    @Test
    void aFinishedPodWakesTheSchedulerOnceTheWatchSeesIt() {
        KubernetesExecutor executor = harness.start();
        CountDownLatch wokenUp = new CountDownLatch(1);
        executor.onEventsPending(wokenUp::countDown);
        TaskInstanceKey key = key("wake");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.awaitEvent(executor, key, event -> event.state() == TaskState.QUEUED);
        assertThat(wokenUp.getCount()).isEqualTo(1);

        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");

        await().atMost(Duration.ofSeconds(10)).until(() -> wokenUp.getCount() == 0);
        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void workerRecordingUpForRetryIsReportedAsIs() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("flaky");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));

        harness.states.recorded(key, TaskState.UP_FOR_RETRY);
        harness.phase("default", podName(key), "Succeeded");

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.UP_FOR_RETRY);
    }

    @Test
    void podThatSucceededWithoutTheWorkerRecordingAnythingFailsWithAClearReason() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("silent");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));

        harness.phase("default", podName(key), "Succeeded");

        ExecutorEvent finished = harness.awaitFinished(executor, key);
        assertThat(finished.state()).isEqualTo(TaskState.FAILED);
        assertThat(finished.info()).hasValueSatisfying(info -> assertThat(info)
                .contains("succeeded but the worker did not record a finished state for try 1")
                .contains("the database has try 1 queued"));
        assertThat(harness.taskLog(key)).contains("{kubernetes}").contains("did not record a finished state");
    }

    @Test
    void databaseOutageWhileApplyingAnOutcomeLosesNothingAndReportsItOnce() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("outage");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.states.recorded(key, TaskState.SUCCESS);

        harness.states.unavailable(true);
        harness.phase("default", podName(key), "Succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                harness.heartbeat(executor);
                return false;
            } catch (DatabaseOutageException e) {
                return e.getMessage().contains("database is unavailable");
            }
        });
        assertThat(executor.drainEvents()).isEmpty();
        assertThat(harness.pod("default", podName(key))).as("nothing is cleaned up before the outcome is reported")
                .isPresent();

        harness.states.unavailable(false);
        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
        assertThat(harness.events(executor)).filteredOn(e -> e.state().isFinished()).hasSize(1);
    }

    /**
     * Applying one pod's event fails for a reason that is not a database outage (a bug, a row that cannot be read):
     * that event is logged, counted and dropped, and the events after it are applied as usual, instead of every
     * later create and event waiting behind it until the scheduler restarts.
     */
    @Test
    void aSignalThatFailsForAnotherReasonThanADatabaseOutageIsDroppedAndTheOthersAreApplied() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey broken = key("broken");
        TaskInstanceKey fine = key("fine");
        harness.queue(executor, broken);
        harness.queue(executor, fine);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(broken));
        harness.awaitPod("default", podName(fine));
        harness.states.recorded(fine, TaskState.SUCCESS);
        harness.states.failLookupsOf(broken, new IllegalStateException("row etl.broken cannot be read"));

        harness.phase("default", podName(broken), "Succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                harness.heartbeat(executor);
            } catch (IllegalStateException e) {
                return true;
            }
            return signalFailures() > 0;
        });
        harness.phase("default", podName(fine), "Succeeded");

        assertThat(harness.awaitFinished(executor, fine).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(signalFailures()).isPositive();
        assertThat(executor.running()).as("the broken try waits for the reconcile to look at its pod again")
                .containsExactly(broken);
    }

    private double signalFailures() {
        return harness.meters.find("kubernetes_executor.signal_failures").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /**
     * The scheduler drained a try's outcome but could not store it (its database went away): until the scheduler
     * says the drained events are stored, the executor neither saves its watch position past that outcome nor deletes
     * the pod, so a scheduler that crashes now sees the outcome again after its restart.
     */
    @Test
    void neitherTheWatchPositionNorThePodMovesPastAnOutcomeTheSchedulerHasNotStored() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("unstored");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");
        long outcomeVersion = Long.parseLong(harness.pod("default", podName(key)).orElseThrow().getMetadata()
                .getResourceVersion());

        List<ExecutorEvent> drained = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            executor.heartbeat();
            drained.addAll(executor.drainEvents());
            return drained.stream().anyMatch(e -> e.key().equals(key) && e.state() == TaskState.SUCCESS);
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
            executor.heartbeat();
            executor.drainEvents();
            return harness.pod("default", podName(key)).isPresent();
        });
        assertThat(harness.versions.saves).as("watch positions saved")
                .allSatisfy(save -> assertThat(Long.parseLong(save.substring(save.indexOf('=') + 1)))
                        .isLessThan(outcomeVersion));

        executor.eventsStored();
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty()
                && harness.versions.saves.stream().anyMatch(save -> Long.parseLong(save.substring(save.indexOf('=') + 1))
                        >= outcomeVersion));
    }

    @Test
    void keptPodsAreLabelledDoneWhenDeleteWorkerPodsIsOff() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("delete_worker_pods", "False"));
        TaskInstanceKey ok = key("ok");
        TaskInstanceKey broken = key("broken");
        harness.queue(executor, ok);
        harness.queue(executor, broken);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(ok));
        harness.awaitPod("default", podName(broken));

        harness.states.recorded(ok, TaskState.SUCCESS);
        harness.phase("default", podName(ok), "Succeeded");
        harness.phase("default", podName(broken), "Failed");
        harness.awaitFinished(executor, ok);
        assertThat(harness.awaitFinished(executor, broken).state()).isEqualTo(TaskState.FAILED);

        harness.heartbeatUntil(executor, () -> done(podName(ok)) && done(podName(broken)));
    }

    @Test
    void failedPodsAreKeptAndLabelledDoneByDefaultAndDeletedWithDeleteOnFailure() {
        KubernetesExecutor keeping = harness.start();
        TaskInstanceKey kept = key("kept");
        harness.queue(keeping, kept);
        harness.heartbeat(keeping);
        harness.awaitPod("default", podName(kept));
        harness.phase("default", podName(kept), "Failed");
        assertThat(harness.awaitFinished(keeping, kept).info()).hasValueSatisfying(info -> assertThat(info)
                .isEqualTo("pod " + podName(kept) + " failed: container base Error (exit code 1)"));
        harness.heartbeatUntil(keeping, () -> done(podName(kept)));
        harness.stop(keeping);

        KubernetesExecutor deleting = harness.start("sched-2", Map.of("delete_worker_pods_on_failure", "True"));
        TaskInstanceKey deleted = key("deleted");
        harness.queue(deleting, deleted);
        harness.heartbeat(deleting);
        harness.awaitPod("default", podName(deleted));
        harness.phase("default", podName(deleted), "Failed");
        harness.awaitFinished(deleting, deleted);
        harness.heartbeatUntil(deleting, () -> harness.pod("default", podName(deleted)).isEmpty());
    }

    @Test
    void invalidExecutorConfigFailsAtOnceNamingTheFieldWithoutAnyApiCall() {
        KubernetesExecutor executor = harness.start();
        harness.heartbeat(executor);
        harness.server.resetRequestCounts();
        TaskInstanceKey key = key("bad");

        harness.queue(executor, key, Map.of("pod_override", Map.of("spec", Map.of("containers",
                List.of(Map.of("name", "base", "resources", Map.of("limits", Map.of("memory", "lots"))))))));
        harness.heartbeat(executor);

        assertThat(harness.events(executor)).singleElement().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.FAILED);
            assertThat(event.info()).hasValueSatisfying(info -> assertThat(info)
                    .contains("executor_config.pod_override.spec.containers[0].resources.limits.memory"));
        });
        assertThat(executor.running()).isEmpty();
        assertThat(harness.server.requestCounts().count(Verb.CREATE, "pods")).isZero();
        assertThat(harness.taskLog(key)).contains("resources.limits.memory");
    }

    @Test
    void revokedTaskHasItsPodDeletedAndNoEvent() {
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("revoked");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.heartbeatUntil(executor, () -> true);

        executor.revokeTask(key);

        assertThat(executor.hasTask(key)).isFalse();
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
        assertThat(harness.events(executor)).extracting(ExecutorEvent::state).containsOnly(TaskState.QUEUED);
    }

    /**
     * The DELETE of a finished pod: grace period and propagation policy from {@code delete_option_kwargs}, else the
     * grace period from {@code termination_grace_period_seconds}, else none (the pod's own grace period); without a
     * configured propagation policy, the client's default (Background).
     */
    static Stream<Arguments> deleteOptions() {
        return Stream.of(
                Arguments.of("kwargs", Map.of("termination_grace_period_seconds", "20",
                        "delete_option_kwargs", "{\"grace_period_seconds\": 4, \"propagation_policy\": \"Foreground\"}"),
                        OptionalLong.of(4), Optional.of("Foreground")),
                Arguments.of("grace", Map.of("termination_grace_period_seconds", "9",
                        "delete_option_kwargs", "{\"propagation_policy\": \"Orphan\"}"), OptionalLong.of(9),
                        Optional.of("Orphan")),
                Arguments.of("default-grace", Map.of(), OptionalLong.empty(), Optional.of("Background")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deleteOptions")
    void finishedPodIsDeletedWithTheConfiguredDeleteOptions(String taskId, Map<String, String> overrides,
            OptionalLong gracePeriodSeconds, Optional<String> propagationPolicy) {
        DeleteRequest delete = deleteOfFinishedPod(taskId, overrides);

        assertThat(delete.gracePeriodSeconds()).isEqualTo(gracePeriodSeconds);
        assertThat(delete.propagationPolicy()).isEqualTo(propagationPolicy);
    }

    /** Runs one try to success under {@code overrides} and returns the DELETE the executor sent for its pod. */
    private DeleteRequest deleteOfFinishedPod(String taskId, Map<String, String> overrides) {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, overrides);
        TaskInstanceKey key = key(taskId);
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");
        harness.awaitFinished(executor, key);

        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
        return harness.server.deleteRequests().stream()
                .filter(delete -> delete.request().name().equals(podName(key)))
                .reduce((first, second) -> {
                    throw new AssertionError("pod deleted twice: " + first + ", " + second);
                })
                .orElseThrow(() -> new AssertionError("no DELETE was sent for " + podName(key)));
    }

    private boolean done(String name) {
        Optional<Pod> pod = harness.pod("default", name);
        return pod.isPresent() && "True".equals(pod.get().getMetadata().getLabels().get(PodLabels.EXECUTOR_DONE));
    }
}
