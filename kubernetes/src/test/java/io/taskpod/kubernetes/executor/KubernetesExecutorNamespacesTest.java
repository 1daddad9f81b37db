package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-namespace mode: one watch per listed namespace, or one cluster-wide watch. */
class KubernetesExecutorNamespacesTest {

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

    private static Map<String, Object> inNamespace(String namespace) {
        return Map.of("pod_override", Map.of("metadata", Map.of("namespace", namespace)));
    }

    private void runToSuccess(KubernetesExecutor executor, TaskInstanceKey key, String namespace) {
        harness.heartbeatUntil(executor, () -> harness.pod(namespace, podName(key)).isPresent());
        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase(namespace, podName(key), "Succeeded");
        assertThat(harness.awaitFinished(executor, key).state()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void namespaceListGetsOneWatchPerNamespaceAndPodsInEach() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("namespace", "team-a",
                "multi_namespace_mode", "True", "multi_namespace_mode_namespace_list", "team-a, team-b"));
        TaskInstanceKey inA = key("in-a");
        TaskInstanceKey inB = key("in-b");
        harness.queue(executor, inA);
        harness.queue(executor, inB, inNamespace("team-b"));

        runToSuccess(executor, inA, "team-a");
        runToSuccess(executor, inB, "team-b");

        assertThat(harness.server.openWatches()).isEqualTo(2);
        harness.heartbeatUntil(executor, () -> harness.versions.load(ExecutorHarness.SCHEDULER, "team-a").isPresent()
                && harness.versions.load(ExecutorHarness.SCHEDULER, "team-b").isPresent());
    }

    @Test
    void podForANamespaceNotWatchedIsRefusedBeforeAnyCreate() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("namespace", "team-a",
                "multi_namespace_mode", "True", "multi_namespace_mode_namespace_list", "team-a"));
        TaskInstanceKey key = key("elsewhere");
        harness.queue(executor, key, inNamespace("team-z"));

        harness.heartbeat(executor);

        assertThat(harness.events(executor)).singleElement().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.FAILED);
            assertThat(event.info()).hasValueSatisfying(info -> assertThat(info).contains("team-z"));
        });
        assertThat(harness.server.requestCounts().count(Verb.CREATE, "pods")).isZero();
    }

    @Test
    void clusterWideModeWatchesEveryNamespaceWithOneWatch() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of("multi_namespace_mode", "True"));
        TaskInstanceKey anywhere = key("anywhere");
        harness.queue(executor, anywhere, inNamespace("team-c"));

        runToSuccess(executor, anywhere, "team-c");

        assertThat(harness.server.openWatches()).isEqualTo(1);
        harness.heartbeatUntil(executor, () -> harness.versions.load(ExecutorHarness.SCHEDULER, "*").isPresent());
    }
}
