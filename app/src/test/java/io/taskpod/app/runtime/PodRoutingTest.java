package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tasks run in a pod, as the scheduler's routing would send them. */
class PodRoutingTest {

    private static TaskDefinition task(String queue, String executor) {
        return new TaskDefinition("t", new TaskAction.Bash("true"), List.of(), 0, Duration.ZERO, false,
                Optional.empty(), Optional.empty(), queue, Optional.ofNullable(executor), 1, Map.of(), Map.of(),
                Optional.empty(), 1);
    }

    @Test
    void aConfigurationWithoutAKubernetesExecutorLaunchesNoPods() {
        assertThat(new PodRouting(List.of("LocalExecutor"), List.of("kubernetes")).launchesPods()).isFalse();
        assertThat(new PodRouting(List.of("LocalExecutor", "LocalKubernetesExecutor"), List.of("kubernetes"))
                .launchesPods()).isTrue();
    }

    @ParameterizedTest(name = "[core] executor = {0}, task queue {1}, executor {2} -> in pod: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "KubernetesExecutor                   | default    | -                       | true ",
        "LocalExecutor                        | kubernetes | -                       | false",
        "LocalKubernetesExecutor              | kubernetes | -                       | true ",
        "LocalKubernetesExecutor              | gpu-queue  | -                       | true ",
        "LocalKubernetesExecutor              | default    | -                       | false",
        "LocalExecutor,KubernetesExecutor     | default    | KubernetesExecutor      | true ",
        "LocalExecutor,KubernetesExecutor     | default    | -                       | false",
        "KubernetesExecutor,LocalExecutor     | default    | LocalExecutor           | false",
        "LocalExecutor,LocalKubernetesExecutor| kubernetes | LocalKubernetesExecutor | true ",
        "LocalExecutor,LocalKubernetesExecutor| kubernetes | -                       | false",
    })
    void aTaskRunsInAPodExactlyWhenItsExecutorLaunchesPodsForItsQueue(String executors, String queue,
            String executor, boolean inPod) {
        PodRouting routing = new PodRouting(Arrays.asList(executors.split(",")), List.of("kubernetes", "gpu-queue"));

        assertThat(routing.notInPod(task(queue, executor)).isEmpty()).isEqualTo(inPod);
    }
}
