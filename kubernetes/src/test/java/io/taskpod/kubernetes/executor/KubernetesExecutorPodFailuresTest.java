package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.testing.MutableClock;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import io.taskpod.testkit.kubernetes.TestKubelet;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.kubernetes.Verb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods that never run or die: each fails its try with the reason a user needs, written into the task's log, and
 * the pods that must not start late are deleted.
 */
class KubernetesExecutorPodFailuresTest {

    @TempDir
    Path dir;

    private ExecutorHarness harness;
    private TestKubelet kubelet;

    @AfterEach
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        harness.close();
    }

    /** A node whose container runs {@code script} in place of the image's {@code taskpod} entrypoint. */
    private void kubelet(String script) {
        kubelet = TestKubelet.builder(harness.server).workDir(dir.resolve("node"))
                .taskpodCommand(List.of("sh", "-c", script, "taskpod")).start();
    }

    /** A pod template whose base container runs {@code taskpod} (the image's entrypoint) with the worker's args. */
    private Map<String, String> withTemplate() throws IOException {
        Path template = Files.writeString(dir.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: template
                spec:
                  containers:
                    - name: base
                      command: ["taskpod"]
                """);
        return Map.of("pod_template_file", template.toString());
    }

    private ExecutorEvent failedWith(KubernetesExecutor executor, TaskInstanceKey key, String... reasons) {
        ExecutorEvent event = harness.awaitFinished(executor, key);
        assertThat(event.state()).isEqualTo(TaskState.FAILED);
        assertThat(event.info()).hasValueSatisfying(info -> assertThat(info).contains(reasons));
        assertThat(harness.taskLog(key)).contains("{kubernetes}").contains(reasons);
        return event;
    }

    @Test
    void podPendingPastThePendingTimeoutIsDeletedAndItsTryFails() {
        MutableClock clock = new MutableClock(Instant.now());
        harness = new ExecutorHarness(dir.resolve("logs"), clock, TestKubernetesApiServer.builder());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("worker_pods_pending_timeout", "60"));
        TaskInstanceKey key = key("stuck");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.heartbeat(executor);
        assertThat(harness.events(executor)).extracting(ExecutorEvent::state).containsOnly(TaskState.QUEUED);

        clock.advance(Duration.ofSeconds(61));

        failedWith(executor, key, "was Pending longer than the pending timeout (60 s)");
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
    }

    @Test
    void errImagePullFailsAtOnceWithTheReasonInTheTaskLogAndThePodIsDeleted() {
        harness = new ExecutorHarness(dir.resolve("logs"));
        kubelet("exit 0");
        kubelet.script(pod -> true, NodeBehaviour.imagePullFailure(Duration.ofMillis(100)));
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("no-image");
        harness.queue(executor, key);

        failedWith(executor, key, "cannot start", "container base waiting: ErrImagePull", "not found");
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isEmpty());
    }

    @Test
    void imagePullBackOffSeenThresholdTimesFails() {
        harness = new ExecutorHarness(dir.resolve("logs"));
        kubelet("exit 0");
        kubelet.script(pod -> true, NodeBehaviour.imagePullFailure(Duration.ofMillis(50)));
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of(
                "worker_pod_pending_fatal_container_state_reasons", "CreateContainerConfigError",
                "worker_pod_image_pull_backoff_threshold", "3"));
        TaskInstanceKey key = key("backoff");
        harness.queue(executor, key);

        failedWith(executor, key, "cannot pull its image (ImagePullBackOff seen 3 times)", "Back-off pulling image");
    }

    @Test
    void oomKilledContainerFailsWithTheDetails() throws IOException {
        harness = new ExecutorHarness(dir.resolve("logs"));
        kubelet("sleep 30");
        kubelet.script(pod -> true, NodeBehaviour.oomKilled());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, withTemplate());
        TaskInstanceKey key = key("hungry");
        harness.queue(executor, key);

        failedWith(executor, key, "pod " + podName(key) + " failed", "container base OOMKilled (exit code 137)");
        assertThat(kubelet.processesLaunched()).isEqualTo(1);
    }

    @Test
    void evictedPodFailsWithTheNodesReason() throws IOException {
        harness = new ExecutorHarness(dir.resolve("logs"));
        kubelet("sleep 30");
        kubelet.script(pod -> true, NodeBehaviour.evicted());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, withTemplate());
        TaskInstanceKey key = key("evicted");
        harness.queue(executor, key);

        failedWith(executor, key, "pod reason Evicted", "The node was low on resource: memory");
    }

    @Test
    void workerCommandRunsOnTheNodeAndItsSuccessIsReported() throws IOException {
        harness = new ExecutorHarness(dir.resolve("logs"));
        Path release = dir.resolve("release");
        kubelet("while [ ! -f '" + release + "' ]; do sleep 0.02; done; echo \"$@\"");
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, withTemplate());
        TaskInstanceKey key = key("runs");
        harness.queue(executor, key);
        harness.heartbeatUntil(executor, () -> kubelet.phaseOf("default", podName(key)).filter("Running"::equals)
                .isPresent());

        harness.states.recorded(key, TaskState.SUCCESS);
        Files.writeString(release, "");

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(kubelet.logsOf("default", podName(key))).contains("tasks run etl runs manual__2026-01-01 --try-number 1");
        assertThat(kubelet.startedPodsBy("task_id", "try_number")).containsExactly(Map.entry(List.of("runs", "1"), 1L));
    }

    @Test
    void runningPodDeletedBySomeoneElseFails() {
        harness = new ExecutorHarness(dir.resolve("logs"));
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("deleted");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        harness.awaitPod("default", podName(key));
        harness.phase("default", podName(key), "Running");

        harness.admin.pods().inNamespace("default").withName(podName(key)).delete();

        failedWith(executor, key, "pod " + podName(key) + " was deleted while running");
    }

    @Test
    void podDeletedWhileTheWatchWasCutIsFoundLostByTheReconcile() {
        MutableClock clock = new MutableClock(Instant.now());
        harness = new ExecutorHarness(dir.resolve("logs"), clock, TestKubernetesApiServer.builder());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("worker_pod_launch_grace_period", "0"));
        TaskInstanceKey key = key("lost");
        harness.queue(executor, key);
        harness.heartbeatUntil(executor, () -> harness.pod("default", podName(key)).isPresent()
                && harness.server.openWatches() == 1);
        harness.phase("default", podName(key), "Running");
        harness.heartbeat(executor);

        harness.server.faults().failNext(1000, ApiRequest.of(Verb.WATCH, "pods"), Failure.serviceUnavailable());
        harness.server.faults().dropOpenWatches();
        harness.admin.pods().inNamespace("default").withName(podName(key)).delete();
        clock.advance(Duration.ofSeconds(5));

        harness.heartbeatUntil(executor, () -> {
            clock.advance(Duration.ofSeconds(2));
            return harness.events(executor).stream().anyMatch(e -> e.state() == TaskState.FAILED);
        });
        failedWith(executor, key, "pod default/" + podName(key) + " is lost");
        assertThat(harness.meters.find("kubernetes_executor.reconcile_diffs").tag("kind", "lost").counter().count())
                .isEqualTo(1);
        harness.server.faults().clear();
    }
}
