package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch never goes deaf and nothing is missed: 410 mid-stream and when opening, dropped connections, a restart
 * of the scheduler resuming from its stored resourceVersion.
 */
class KubernetesExecutorWatchTest {

    @TempDir
    Path logs;

    private ExecutorHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private double counted(String meter, String reason) {
        return counted(meter, "reason", reason);
    }

    private double counted(String meter, String tag, String value) {
        var counter = harness.meters.find(meter).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private TaskInstanceKey launched(KubernetesExecutor executor, String taskId) {
        TaskInstanceKey key = key(taskId);
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        return key;
    }

    private void succeed(TaskInstanceKey key) {
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");
    }

    @Test
    void expiredWatchMidStreamListsAgainAndMissesNothing() {
        harness = new ExecutorHarness(logs);
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("worker_pods_reconcile_interval", "3600"));
        TaskInstanceKey key = launched(executor, "expired");
        harness.heartbeatUntil(executor, () -> harness.server.openWatches() == 1);

        harness.server.compact();
        harness.server.faults().expireOpenWatches();
        succeed(key);

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(counted("kubernetes_executor.watch_relists", "expired")).isEqualTo(1);
        harness.heartbeatUntil(executor, () -> harness.server.openWatches() == 1);
    }

    @Test
    void droppedWatchReconnectsFromItsLastVersionWithoutListing() {
        harness = new ExecutorHarness(logs);
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("worker_pods_reconcile_interval", "3600"));
        TaskInstanceKey key = launched(executor, "dropped");
        harness.heartbeatUntil(executor, () -> harness.server.openWatches() == 1);
        harness.server.resetRequestCounts();

        harness.server.faults().dropOpenWatches();
        succeed(key);

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        harness.heartbeatUntil(executor, () -> counted("kubernetes_executor.watch_restarts", "closed") >= 1);
        assertThat(harness.server.requestCounts().excludingTestKubelets().count(Verb.LIST, "pods"))
                .as("resumed from the last version, not listed again").isZero();
    }

    @Test
    void restartWithTheSameSchedulerIdResumesFromTheStoredVersionAndReportsEachTryOnce() {
        harness = new ExecutorHarness(logs);
        KubernetesExecutor before = harness.start();
        TaskInstanceKey finishedBefore = launched(before, "finished-before");
        TaskInstanceKey failedWhileDown = launched(before, "failed-while-down");
        TaskInstanceKey succeededWhileDown = launched(before, "succeeded-while-down");
        TaskInstanceKey stillRunning = launched(before, "still-running");
        harness.phase("default", podName(stillRunning), "Running");
        harness.phase("default", podName(finishedBefore), "Failed");
        harness.awaitFinished(before, finishedBefore);
        harness.heartbeatUntil(before, () -> harness.versions.load(ExecutorHarness.SCHEDULER, "default")
                .filter(version -> Long.parseLong(version) >= Long.parseLong(harness.server.latestResourceVersion()) - 1)
                .isPresent());
        harness.stop(before);

        harness.phase("default", podName(failedWhileDown), "Failed");
        succeed(succeededWhileDown);
        double relistsBefore = counted("kubernetes_executor.watch_relists", "no_stored_version");
        KubernetesExecutor after = harness.start();
        assertThat(after.tryAdoptTaskInstances(harness.states.findExecutingQueuedBy(ExecutorHarness.SCHEDULER)
                .stream().filter(ti -> !ti.key().equals(finishedBefore)).toList())).isEmpty();

        assertThat(harness.awaitFinished(after, failedWhileDown).state()).isEqualTo(TaskState.FAILED);
        harness.heartbeatUntil(after, () -> harness.pod("default", podName(succeededWhileDown)).isEmpty());
        assertThat(counted("kubernetes_executor.watch_relists", "no_stored_version")).isEqualTo(relistsBefore);
        assertThat(harness.events(after)).filteredOn(e -> e.state().isFinished()).extracting(ExecutorEvent::key)
                .as("the try that finished before the restart is not reported again; the one the worker recorded"
                        + " needs no event").containsExactly(failedWhileDown);
        assertThat(after.running()).containsExactly(stillRunning);
        assertThat(harness.pod("default", podName(stillRunning))).isPresent();
    }

    @Test
    void storedVersionTooOldWhenOpeningListsAgainAndReconcilesWhatHappenedMeanwhile() {
        harness = new ExecutorHarness(logs, Clock.systemUTC(),
                TestKubernetesApiServer.builder().watchExpiry(TestKubernetesApiServer.WatchExpiry.HTTP_410));
        KubernetesExecutor before = harness.start();
        TaskInstanceKey key = launched(before, "while-down");
        harness.heartbeatUntil(before, () -> harness.server.openWatches() == 1);
        harness.stop(before);

        harness.phase("default", podName(key), "Failed");
        harness.server.compact();
        KubernetesExecutor after = harness.start();

        ExecutorEvent failed = harness.awaitFinished(after, key);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.info()).hasValueSatisfying(info -> assertThat(info).contains(podName(key)).contains("failed"));
        await("the periodic list may settle the pod before the watch's 410").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counted("kubernetes_executor.watch_relists", "expired_on_open"))
                        .isEqualTo(1));
        assertThat(counted("kubernetes_executor.reconcile_diffs", "kind", "adopted")).as("owned again from the database")
                .isEqualTo(1);
    }

    @Test
    void watchThatCannotBeOpenedIsRetriedWithBackoff() {
        harness = new ExecutorHarness(logs);
        harness.server.faults().failNext(3, ApiRequest.of(Verb.WATCH, "pods"), Failure.serviceUnavailable());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("worker_pods_reconcile_interval", "3600"));

        harness.heartbeatUntil(executor, () -> harness.server.openWatches() == 1);
        TaskInstanceKey key = launched(executor, "late-watch");
        succeed(key);

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(counted("kubernetes_executor.watch_restarts", "open_failed")
                + counted("kubernetes_executor.watch_restarts", "closed"))
                .as("fabric8 may fall back to an HTTP watch once by itself; the rest are the watcher's").isGreaterThanOrEqualTo(1);
    }
}
