package io.taskpod.testkit.kubernetes;

import static io.taskpod.testkit.kubernetes.TestKubeletTest.shellPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestKubeletScriptsTest {

    @TempDir
    Path workDir;

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;
    private TestKubelet kubelet;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
        kubelet = TestKubelet.builder(server).workDir(workDir).start();
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    private static Predicate<Pod> named(String name) {
        return pod -> pod.getMetadata().getName().equals(name);
    }

    private Pod awaitPhase(String name, String phase) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Pod pod = client.pods().withName(name).get();
            return pod != null && phase.equals(pod.getStatus().getPhase());
        });
        return client.pods().withName(name).get();
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
    }

    @Test
    void imagePullFailureAlternatesErrImagePullAndImagePullBackOffAndNeverRuns() {
        kubelet.script(named("pull"), new NodeBehaviour.ImagePullFailure("manifest unknown", Duration.ofMillis(100)));
        try (PodHistory history = new PodHistory(client, "default", "pull", server.latestResourceVersion())) {
            client.pods().resource(shellPod("pull", "echo ran")).create();

            await().untilAsserted(() -> assertThat(history.versions.stream().map(PodHistory::describe)
                    .filter(state -> state.contains("ImagePullBackOff")).count()).isGreaterThanOrEqualTo(3));
            List<String> states = history.versions.stream().map(PodHistory::describe).toList();
            assertThat(states).containsSubsequence("Pending ContainerCreating", "Pending ErrImagePull",
                    "Pending ImagePullBackOff", "Pending ErrImagePull", "Pending ImagePullBackOff");
            ContainerStateWaiting backOff = history.versions.stream()
                    .filter(pod -> !pod.getStatus().getContainerStatuses().isEmpty())
                    .map(pod -> pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting())
                    .filter(waiting -> waiting != null && waiting.getReason().equals("ImagePullBackOff"))
                    .findFirst().orElseThrow();
            assertThat(backOff.getMessage()).isEqualTo("Back-off pulling image \"taskpod:1\"");
            assertThat(history.versions).filteredOn(pod -> PodHistory.describe(pod).equals("Pending ErrImagePull"))
                    .allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses().getFirst().getState()
                            .getWaiting().getMessage()).isEqualTo("manifest unknown"));
        }
        assertThat(kubelet.processesLaunched()).isZero();
        client.pods().withName("pull").delete();
        await().until(() -> client.pods().withName("pull").get() == null);
    }

    @Test
    void unschedulablePodsStayPendingUnboundWithTheSchedulersCondition() {
        kubelet.script(named("stuck"), NodeBehaviour.unschedulable());
        client.pods().resource(shellPod("stuck", "echo ran")).create();

        await().untilAsserted(() -> assertThat(client.pods().withName("stuck").get().getStatus().getConditions())
                .singleElement().satisfies(condition -> {
                    assertThat(condition.getType()).isEqualTo("PodScheduled");
                    assertThat(condition.getStatus()).isEqualTo("False");
                    assertThat(condition.getReason()).isEqualTo("Unschedulable");
                    assertThat(condition.getMessage()).startsWith("0/1 nodes are available");
                }));
        Pod stuck = client.pods().withName("stuck").get();
        assertThat(stuck.getSpec().getNodeName()).isNull();
        assertThat(stuck.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(kubelet.processesLaunched()).isZero();
        client.pods().withName("stuck").delete();
        assertThat(client.pods().withName("stuck").get()).as("an unbound pod is deleted at once").isNull();
    }

    @Test
    void oomKilledPodsFailWithReasonOomKilledAndExitCode137() {
        kubelet.script(named("oom"), NodeBehaviour.oomKilled());
        client.pods().resource(shellPod("oom", "echo started; sleep 30")).create();

        Pod failed = awaitPhase("oom", "Failed");

        assertThat(terminated(failed).getReason()).isEqualTo("OOMKilled");
        assertThat(terminated(failed).getExitCode()).isEqualTo(137);
        assertThat(kubelet.processesLaunched()).isEqualTo(1);
    }

    @Test
    void evictedPodsFailWithPodReasonEvicted() {
        kubelet.script(named("evicted"), NodeBehaviour.evicted());
        client.pods().resource(shellPod("evicted", "sleep 30")).create();

        Pod failed = awaitPhase("evicted", "Failed");

        assertThat(failed.getStatus().getReason()).isEqualTo("Evicted");
        assertThat(failed.getStatus().getMessage()).startsWith("The node was low on resource: memory.");
        assertThat(terminated(failed).getExitCode()).isEqualTo(137);
    }

    @Test
    void crashedContainersReportTheScriptedExitCode() {
        kubelet.script(named("crash"), new NodeBehaviour.Crash(42, Duration.ofMillis(200)));
        client.pods().resource(shellPod("crash", "sleep 30")).create();

        Pod failed = awaitPhase("crash", "Failed");

        assertThat(terminated(failed).getExitCode()).isEqualTo(42);
        assertThat(terminated(failed).getReason()).isEqualTo("Error");
    }

    @Test
    void delayedStartKeepsThePodCreatingForTheDelay() {
        kubelet.script(named("slow"), NodeBehaviour.delayedStart(Duration.ofMillis(800)));
        long created = System.nanoTime();
        client.pods().resource(shellPod("slow", "true")).create();

        awaitPhase("slow", "Succeeded");

        assertThat(Duration.ofNanos(System.nanoTime() - created)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void limitedScriptsApplyToTheFirstMatchingPodsOnly() {
        kubelet.script(pod -> "flaky".equals(pod.getMetadata().getAnnotations().get("taskpod.io/task")),
                NodeBehaviour.oomKilled(), 1);
        for (String name : List.of("try-1", "try-2")) {
            client.pods().resource(new PodBuilder(shellPod(name, "true")).editMetadata()
                    .addToAnnotations("taskpod.io/task", "flaky").endMetadata().build()).create();
            awaitPhase(name, name.equals("try-1") ? "Failed" : "Succeeded");
        }

        assertThat(kubelet.pods()).extracting(PodRecord::name, PodRecord::phase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("try-1", "Failed"),
                        org.assertj.core.groups.Tuple.tuple("try-2", "Succeeded"));
    }

    @Test
    void aPausedNodeStartsNothingAndCatchesUpOnResume() {
        kubelet.pause();
        client.pods().resource(shellPod("later", "echo ran")).create();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(client.pods().withName("later").get().getSpec().getNodeName()).isNull());

        kubelet.resume();

        awaitPhase("later", "Succeeded");
        assertThat(kubelet.logsOf("default", "later")).isEqualTo("ran\n");
    }

    @Test
    void aPausedNodeDoesNotReportAnExitUntilResumed() {
        client.pods().resource(shellPod("quiet", "echo started; while [ ! -f done ]; do sleep 0.05; done")).create();
        awaitPhase("quiet", "Running");
        kubelet.pause();
        Path podDir = workDir.resolve("pods").resolve(client.pods().withName("quiet").get().getMetadata().getUid());

        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> java.nio.file.Files.writeString(
                podDir.resolve("done"), "x"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(client.pods().withName("quiet").get().getStatus().getPhase()).isEqualTo("Running"));

        kubelet.resume();
        awaitPhase("quiet", "Succeeded");
    }
}
