package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ExecutorConfig#check}: what a DAG load reports, without a cluster, a template file or the configuration. */
class ExecutorConfigTest {

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(Map.of("KubernetesExecutor", Map.of("request_memroy", "1Gi")),
                        "executor_config.KubernetesExecutor.request_memroy", "unknown key"),
                Arguments.of(Map.of("KubernetesExecutor", "1Gi"),
                        "executor_config.KubernetesExecutor", "expected a mapping of the KubernetesExecutor keys"),
                Arguments.of(Map.of("pod_override", "a pod"),
                        "executor_config.pod_override", "expected a pod fragment"),
                Arguments.of(Map.of("pod_override", Map.of("spec", Map.of("containers", Map.of("name", "base")))),
                        "executor_config.pod_override.spec.containers", "expected a list"),
                Arguments.of(Map.of("pod_override", Map.of("spec", Map.of("nodeSelecter", Map.of()))),
                        "executor_config.pod_override.spec.nodeSelecter", "unknown field"),
                Arguments.of(Map.of("pod_override", Map.of("metadata", Map.of("labels", Map.of("team", "a b")))),
                        "executor_config.pod_override.metadata.labels.team", "expected a label value"),
                Arguments.of(Map.of("pod_override", Map.of("spec", Map.of("restartPolicy", "Always"))),
                        "executor_config.pod_override.spec.restartPolicy", "Never"),
                Arguments.of(Map.of("pod_override", Map.of(), "KubernetesExecutor", Map.of()),
                        "executor_config", "not both"),
                Arguments.of(Map.of("pod_template_file", 7),
                        "executor_config.pod_template_file", "expected a file path"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bad")
    void namesTheFieldAtFault(Map<String, Object> executorConfig, String field, String reason) {
        List<FieldProblem> problems = ExecutorConfig.check(executorConfig);

        assertThat(problems).isNotEmpty();
        assertThat(problems.getFirst().field()).isEqualTo(field);
        assertThat(problems.getFirst().reason()).contains(reason);
    }

    static Stream<Map<String, Object>> good() {
        return Stream.of(
                Map.of(),
                Map.of("pod_override", Map.of("spec", Map.of("containers", List.of(Map.of("name", "base",
                        "resources", Map.of("limits", Map.of("memory", "2Gi"))))))),
                Map.of("KubernetesExecutor", Map.of("request_cpu", "250m", "image", "example/task:1")),
                Map.of("pod_template_file", "/not/read/at/load.yaml"),
                Map.of("OtherExecutor", Map.of("whatever", 1)));
    }

    @ParameterizedTest
    @MethodSource("good")
    void acceptsWhatPodsCanBeBuiltFrom(Map<String, Object> executorConfig) {
        assertThat(ExecutorConfig.check(executorConfig)).isEmpty();
    }
}
