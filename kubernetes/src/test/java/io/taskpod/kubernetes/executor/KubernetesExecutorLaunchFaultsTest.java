package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodNames;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.testing.MutableClock;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod creates that the API server refuses: what is retried (and how many creates it takes), what fails the try
 * with the server's message, and the pause after 429. The executor's clock is moved by hand, so retry delays and
 * pauses pass without waiting.
 */
class KubernetesExecutorLaunchFaultsTest {

    @TempDir
    Path logs;

    private final MutableClock clock = new MutableClock(Instant.now());
    private ExecutorHarness harness;

    @BeforeEach
    void startServer() {
        harness = new ExecutorHarness(logs, clock, TestKubernetesApiServer.builder());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private long creates() {
        return harness.server.requestCounts().excludingTestKubelets().count(Verb.CREATE, "pods");
    }

    private double createsCounted(String outcome, String code) {
        var counter = harness.meters.find("kubernetes_executor.pod_creates").tag("outcome", outcome).tag("code", code)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Heartbeats, moving the clock past any retry delay, until the pod exists. */
    private void launchThrough(KubernetesExecutor executor, TaskInstanceKey key) {
        harness.heartbeatUntil(executor, () -> {
            clock.advance(Duration.ofSeconds(2));
            return harness.pod("default", podName(key)).isPresent();
        });
    }

    @Test
    void quotaExceededIsRetriedAndThenTheTaskRunsWithoutAFailure() {
        harness.server.faults().failPodCreates(1, Failure.quotaExceeded());
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("quota");
        harness.queue(executor, key);

        launchThrough(executor, key);

        assertThat(creates()).isEqualTo(2);
        assertThat(createsCounted("retried", "403")).isEqualTo(1);
        assertThat(harness.events(executor)).extracting(ExecutorEvent::state).containsOnly(TaskState.QUEUED);
        assertThat(executor.running()).containsExactly(key);
    }

    @Test
    void conflictOnTheQuotaObjectIsRetried() {
        harness.server.faults().failPodCreates(2, Failure.conflict());
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("conflict");
        harness.queue(executor, key);

        launchThrough(executor, key);

        assertThat(creates()).isEqualTo(3);
        assertThat(createsCounted("retried", "409")).isEqualTo(2);
    }

    @Test
    void serviceUnavailableAndResetConnectionsAreRetried() {
        harness.server.faults().failPodCreates(1, Failure.serviceUnavailable());
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey unavailable = key("unavailable");
        harness.queue(executor, unavailable);
        launchThrough(executor, unavailable);

        harness.server.faults().resetPodCreates(1);
        TaskInstanceKey reset = key("reset");
        harness.queue(executor, reset);
        launchThrough(executor, reset);

        assertThat(creates()).isEqualTo(4);
        assertThat(createsCounted("retried", "503")).isEqualTo(1);
        assertThat(createsCounted("retried", "0")).as("the reset connection").isEqualTo(1);
        assertThat(harness.events(executor)).extracting(ExecutorEvent::state).containsOnly(TaskState.QUEUED);
    }

    @Test
    void anApiServerThatCannotBeConnectedToIsWaitedForWithoutUsingUpTaskPublishMaxRetries() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("task_publish_max_retries", "0"));
        harness.server.stop();
        TaskInstanceKey key = key("outage");
        harness.queue(executor, key);
        harness.heartbeatUntil(executor, () -> {
            clock.advance(Duration.ofSeconds(2));
            return createsCounted("retried", "0") >= 3;
        });

        harness.server.start();
        launchThrough(executor, key);

        assertThat(harness.events(executor)).extracting(ExecutorEvent::state).containsOnly(TaskState.QUEUED);
        assertThat(executor.running()).containsExactly(key);
    }

    /** A reset connection may come after the API server processed the create: it is retried within the budget. */
    @Test
    void aResetCreateUsesUpTaskPublishMaxRetries() {
        harness.server.faults().resetPodCreates(1);
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("task_publish_max_retries", "0"));
        TaskInstanceKey key = key("reset");
        harness.queue(executor, key);

        ExecutorEvent failed = harness.awaitFinished(executor, key);

        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.info()).hasValueSatisfying(info -> assertThat(info)
                .contains("task_publish_max_retries = 0").contains("connection problem talking to the API server"));
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void retriesUpToTaskPublishMaxRetriesThenFailWithTheLastError() {
        harness.server.faults().failPodCreates(5, Failure.serviceUnavailable());
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("task_publish_max_retries", "2"));
        TaskInstanceKey key = key("exhausted");
        harness.queue(executor, key);

        harness.heartbeatUntil(executor, () -> {
            clock.advance(Duration.ofSeconds(5));
            return harness.events(executor).stream().anyMatch(e -> e.state() == TaskState.FAILED);
        });

        assertThat(creates()).isEqualTo(3);
        assertThat(harness.events(executor)).filteredOn(e -> e.state() == TaskState.FAILED).singleElement()
                .satisfies(event -> assertThat(event.info()).hasValueSatisfying(info -> assertThat(info)
                        .contains("pod creation failed 3 time(s)").contains("task_publish_max_retries = 2")
                        .contains("503")));
        assertThat(harness.taskLog(key)).contains("task_publish_max_retries = 2");
        assertThat(executor.running()).isEmpty();
    }

    @Test
    void invalidPodRejectedByTheApiServerFailsAtOnceWithItsMessage() {
        harness.server.faults().failPodCreates(1, Failure.invalid("spec.containers[0].image",
                "\"taskpod/worker:test\": denied by admission webhook images.example.com"));
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("rejected");
        harness.queue(executor, key);

        ExecutorEvent failed = harness.awaitFinished(executor, key);

        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.info()).hasValueSatisfying(info -> assertThat(info).contains("422")
                .contains("denied by admission webhook images.example.com").contains(podName(key)));
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsPausesEveryCreateForTheRetryAfter() {
        harness.server.faults().failPodCreates(1, Failure.tooManyRequests(Duration.ofSeconds(30)));
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("max_concurrent_creates", "1"));
        TaskInstanceKey first = key("first");
        harness.queue(executor, first);
        harness.heartbeatUntil(executor, () -> createsCounted("retried", "429") == 1);

        assertEveryCreateWaitsThirtySeconds(executor, first, key("second"), key("third"));
        assertThat(creates()).isEqualTo(4);
    }

    /** A 503 from a proxy in front of the API server: plain text, Retry-After only as a header. */
    @Test
    void aRetryAfterHeaderWithoutAStatusBodyPausesEveryCreate() {
        harness.server.faults().failNextFromProxy(1, ApiRequest.creates("pods"), 503, Duration.ofSeconds(30));
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("max_concurrent_creates", "1"));
        TaskInstanceKey first = key("first");
        harness.queue(executor, first);
        harness.heartbeatUntil(executor, () -> createsCounted("retried", "503") == 1);

        assertEveryCreateWaitsThirtySeconds(executor, first, key("second"));
    }

    /**
     * After {@code first}'s create was answered with a Retry-After of 30 s: while it lasts, neither {@code first}'s
     * retry nor a create of the tries queued now is sent; then every one of them gets its pod.
     */
    private void assertEveryCreateWaitsThirtySeconds(KubernetesExecutor executor, TaskInstanceKey first,
            TaskInstanceKey... queuedNow) {
        Arrays.stream(queuedNow).forEach(key -> harness.queue(executor, key));
        clock.advance(Duration.ofSeconds(29));
        for (int i = 0; i < 20; i++) {
            harness.heartbeat(executor);
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> creates() == 1);

        clock.advance(Duration.ofSeconds(2));
        harness.heartbeatUntil(executor, () -> Stream.concat(Stream.of(first), Arrays.stream(queuedNow))
                .allMatch(key -> harness.pod("default", podName(key)).isPresent()));
    }

    @Test
    void alreadyExistsForItsOwnPodCountsAsLaunched() {
        TaskInstanceKey key = key("created-before");
        PodBuildResult.Built built = (PodBuildResult.Built) new PodFactory(ExecutorHarness.settings(Map.of()),
                ExecutorHarness.SCHEDULER, new PodTemplateLoader()).build(ExecutorHarness.task(key, Map.of(), 1));
        harness.admin.pods().resource(built.pod()).create();
        KubernetesExecutor executor = harness.start();

        harness.queue(executor, key);
        harness.heartbeatUntil(executor, () -> createsCounted("already_exists", "409") == 1);
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");

        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(creates()).isEqualTo(2);
    }

    @Test
    void aForeignPodWithTheSameNameFailsTheTry() {
        TaskInstanceKey key = key("squatted");
        Pod squatter = new PodBuilder().withNewMetadata().withName(podName(key)).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build();
        harness.admin.pods().resource(squatter).create();
        KubernetesExecutor executor = harness.start();

        harness.queue(executor, key);

        ExecutorEvent failed = harness.awaitFinished(executor, key);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.info()).hasValueSatisfying(info -> assertThat(info)
                .contains("already exists and is not this try's pod"));
        assertThat(harness.pod("default", podName(key))).hasValueSatisfying(pod ->
                assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx"));
    }

    /**
     * Stuck-in-queued revokes a try while its create is in flight and queues it again as launch 2: launch 2's create
     * waits until launch 1's has returned, launch 1's pod is deleted as soon as it exists, and launch 2 gets its pod.
     */
    @Test
    void aTryRevokedWhileItsCreateIsInFlightAndQueuedAgainEndsWithOnlyTheNewLaunchsPod() {
        harness.server.faults().delayNext(1, ApiRequest.creates("pods"), Duration.ofMillis(1500));
        KubernetesExecutor executor = harness.start();
        TaskInstanceKey key = key("requeued");
        harness.queue(executor, key);
        harness.heartbeat(executor);
        await().atMost(Duration.ofSeconds(10)).until(() -> creates() == 1);

        executor.revokeTask(key);
        harness.states.queued(key, ExecutorHarness.SCHEDULER, 2);
        executor.queueWorkload(ExecutorHarness.task(key, Map.of(), 2));

        String first = PodNames.podName(key, 1);
        String second = PodNames.podName(key, 2);
        harness.heartbeatUntil(executor, () -> harness.pod("default", second).isPresent()
                && harness.server.deleteRequests().stream().anyMatch(delete -> delete.request().name().equals(first))
                && harness.pod("default", first).isEmpty());
        assertThat(creates()).isEqualTo(2);
        assertThat(harness.meters.counter("kubernetes_executor.revoked_creates", "result", "deleted").count())
                .isEqualTo(1);
        assertThat(executor.running()).containsExactly(key);
        assertThat(harness.server.deleteRequests()).extracting(delete -> delete.request().name())
                .containsExactly(first);
    }
}
