package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.kubernetes.pod.PodBuildResult.Built;
import io.taskpod.kubernetes.pod.PodBuildResult.Invalid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodFactoryErrorsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> WITH_IMAGE = Map.of("worker_container_repository", "taskpod",
            "worker_container_tag", "1");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) throws Exception {
        return YAML.readValue(text, Map.class);
    }

    private static PodBuildResult build(Map<String, String> settings, Map<String, Object> executorConfig) {
        return PodFixtures.factory(settings).build(PodFixtures.task(executorConfig));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad quantity          | {pod_override: {spec: {containers: [{name: base, resources: {limits: {memory: lots}}}]}}} | executor_config.pod_override.spec.containers[0].resources.limits.memory: expected a Kubernetes quantity (e.g. 512Mi, 0.5, 250m), got "lots"
            wrong type            | {pod_override: {spec: {containers: [{name: base, ports: [{containerPort: http}]}]}}}    | executor_config.pod_override.spec.containers[0].ports[0].containerPort: expected a whole number, got "http"
            typo in a field       | {pod_override: {spec: {contianers: []}}}                                                  | executor_config.pod_override.spec.contianers: unknown field; PodSpec has [
            typo deeper           | {pod_override: {spec: {containers: [{name: base, resource: {}}]}}}                        | executor_config.pod_override.spec.containers[0].resource: unknown field; Container has [
            not a mapping         | {pod_override: [1, 2]}                                                                    | executor_config.pod_override: expected a pod fragment (a mapping with metadata and/or spec), got a list
            both override kinds   | {pod_override: {}, KubernetesExecutor: {image: x}}                                        | executor_config: set pod_override or the legacy KubernetesExecutor keys, not both
            pod name              | {pod_override: {metadata: {name: mine}}}                                                  | executor_config.pod_override.metadata.name: taskpod names worker pods itself
            identity label        | {pod_override: {metadata: {labels: {dag_id: other}}}}                                     | executor_config.pod_override.metadata.labels.dag_id: reserved for taskpod's pod identity
            restart policy        | {pod_override: {spec: {restartPolicy: OnFailure}}}                                        | executor_config.pod_override.spec.restartPolicy: must be Never
            worker args           | {pod_override: {spec: {containers: [{name: base, args: [sleep]}]}}}                       | executor_config.pod_override.spec.containers[0].args: taskpod sets the worker command
            invalid label value   | {pod_override: {metadata: {labels: {team: -data-}}}}                                      | executor_config.pod_override.metadata.labels.team: expected a label value
            invalid container name| {pod_override: {spec: {containers: [{name: Side_Car, image: x}]}}}                        | executor_config.pod_override.spec.containers[0].name: expected a DNS-1123 label
            duplicate container   | {pod_override: {spec: {containers: [{name: a, image: x}, {name: a, image: y}]}}}          | executor_config.pod_override.spec.containers[1].name: container name "a" used twice
            literal password      | {pod_override: {spec: {containers: [{name: base, env: [{name: TASKPOD__DATABASE__PASSWORD, value: hunter2}]}]}}} | executor_config.pod_override.spec.containers[0].env[TASKPOD__DATABASE__PASSWORD]: a literal secret value is never written into a pod spec
            url with credentials  | {pod_override: {spec: {containers: [{name: base, env: [{name: TASKPOD__DATABASE__URL, value: 'jdbc:postgresql://u:hunter2@db/x'}]}]}}} | executor_config.pod_override.spec.containers[0].env[TASKPOD__DATABASE__URL]: a literal secret value
            unwatched namespace   | {pod_override: {metadata: {namespace: elsewhere}}}                                        | pod.metadata.namespace: "elsewhere" is not watched by this executor (multi_namespace_mode is off; it watches default)
            request over limit    | {pod_override: {spec: {containers: [{name: base, resources: {requests: {cpu: '2'}, limits: {cpu: 500m}}}]}}} | pod.spec.containers[base].resources.requests.cpu: request 2 is more than the limit 500m
            mount without volume  | {pod_override: {spec: {containers: [{name: base, volumeMounts: [{name: data, mountPath: /data}]}]}}} | pod.spec.containers[base].volumeMounts[/data]: mounts volume "data", which the pod does not define
            init named base       | {pod_override: {spec: {initContainers: [{name: base, image: x}]}}}                        | pod.spec.containers[base]: container name used twice
            legacy bad quantity   | {KubernetesExecutor: {limit_memory: lots}}                                               | executor_config.KubernetesExecutor.limit_memory: expected a Kubernetes quantity (e.g. 512Mi, 0.5, 250m), got "lots"
            legacy unknown key    | {KubernetesExecutor: {imag: x}}                                                           | executor_config.KubernetesExecutor.imag: unknown key; the KubernetesExecutor keys are [affinity, annotations,
            legacy secret type    | {KubernetesExecutor: {secrets: [{deploy_type: file, secret: s}]}}                         | executor_config.KubernetesExecutor.secrets[0].deploy_type: expected env or volume, got "file"
            legacy same resource  | {KubernetesExecutor: {limit_cpu: 1, resources: {limit_cpu: 2}}}                            | executor_config.KubernetesExecutor.resources.limit_cpu: limits.cpu is already set by another KubernetesExecutor key
            legacy literal secret | {KubernetesExecutor: {env_vars: {TASKPOD__DATABASE__PASSWORD: hunter2}}}                   | a literal secret value is never written into a pod spec
            missing task template | {pod_template_file: /no/such/pod.yaml}                                                    | executor_config.pod_template_file(/no/such/pod.yaml): cannot read the pod template file (NoSuchFileException)
            """)
    void invalidExecutorConfigNamesTheField(String name, String executorConfig, String expected) throws Exception {
        PodBuildResult result = build(WITH_IMAGE, yaml(executorConfig));
        assertThat(result).isInstanceOfSatisfying(Invalid.class, invalid -> {
            assertThat(invalid.problems()).anySatisfy(problem -> assertThat(problem).contains(expected));
            assertThat(invalid.reason()).doesNotContain("hunter2");
        });
    }

    @Test
    void aPodThatNamesNoImageRunsThisBuildsImage() {
        assertThat(build(Map.of(), Map.of())).isInstanceOfSatisfying(Built.class, built -> assertThat(
                built.pod().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not yaml         | 'spec: [unclosed'                          | : not valid YAML:
            not a pod kind   | 'kind: Deployment'                         | .kind: expected Pod, got "Deployment"
            a list           | '- a'                                      | : expected a Pod (a YAML mapping with kind: Pod), got a list
            bad quantity     | 'spec: {containers: [{name: base, image: x, resources: {requests: {cpu: fast}}}]}' | .spec.containers[0].resources.requests.cpu: expected a Kubernetes quantity
            unknown field    | 'spec: {containres: []}'                   | .spec.containres: unknown field
            literal password | 'spec: {containers: [{name: base, image: x, env: [{name: TASKPOD__DATABASE__PASSWORD, value: pw}]}]}' | .spec.containers[0].env[TASKPOD__DATABASE__PASSWORD]: a literal secret value
            """)
    void invalidTemplateNamesTheFile(String name, String template, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("pod.yaml"), template);
        PodBuildResult result = build(Map.of("pod_template_file", file.toString()), Map.of());
        assertThat(result).isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("pod_template_file(" + file + ")").contains(expected)));
    }

    @Test
    void aTemplateDeletedAfterStartUpIsAnErrorNotAnEmptyPod() throws Exception {
        Path file = Files.writeString(dir.resolve("pod.yaml"), "spec: {containers: [{name: base, image: x}]}");
        PodFactory factory = PodFixtures.factory(Map.of("pod_template_file", file.toString()));
        assertThat(factory.build(PodFixtures.task(Map.of()))).isInstanceOf(Built.class);
        Files.delete(file);
        assertThat(factory.build(PodFixtures.task(Map.of()))).isInstanceOfSatisfying(Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("pod_template_file(" + file + "): cannot read"));
    }

    @Test
    void anEditedTemplateAppliesToTheNextPod() throws Exception {
        Path file = Files.writeString(dir.resolve("pod.yaml"), "spec: {containers: [{name: base, image: one}]}");
        PodFactory factory = PodFixtures.factory(Map.of("pod_template_file", file.toString()));
        assertThat(image(factory.build(PodFixtures.task(Map.of())))).isEqualTo("one");
        Files.writeString(file, "spec: {containers: [{name: base, image: two-longer}]}");
        assertThat(image(factory.build(PodFixtures.task(Map.of())))).isEqualTo("two-longer");
    }

    @Test
    void namespaceFromExecutorConfigIsAcceptedWhenWatched() throws Exception {
        Map<String, String> settings = Map.of("worker_container_repository", "taskpod", "worker_container_tag", "1",
                "multi_namespace_mode", "True", "multi_namespace_mode_namespace_list", "team-a,team-b");
        PodBuildResult result = build(settings, yaml("{KubernetesExecutor: {namespace: team-b}}"));
        assertThat(result).isInstanceOfSatisfying(Built.class,
                built -> assertThat(built.pod().getMetadata().getNamespace()).isEqualTo("team-b"));
    }

    @Test
    void aWorkerCommandThatIsNotTasksRunIsRefused() {
        ExecuteTask task = new ExecuteTask(PodFixtures.KEY, "q", 1, Optional.empty(), Map.of(), 1, List.of("bash", "-c", "x"));
        assertThat(PodFixtures.factory(WITH_IMAGE).build(task)).isInstanceOfSatisfying(Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("command: the worker command must start with 'taskpod tasks run'"));
    }

    @Test
    void launchAttemptChangesTheNameAndIsRecorded() {
        ExecuteTask second = new ExecuteTask(PodFixtures.KEY, "q", 1, Optional.empty(), Map.of(), 2,
                PodFixtures.task(Map.of()).command());
        Built first = (Built) PodFixtures.factory(WITH_IMAGE).build(PodFixtures.task(Map.of()));
        Built again = (Built) PodFixtures.factory(WITH_IMAGE).build(second);
        assertThat(again.pod().getMetadata().getName()).isNotEqualTo(first.pod().getMetadata().getName());
        assertThat(PodIdentity.of(again.pod())).isEqualTo(new PodIdentity(PodFixtures.KEY, 2, PodFixtures.SCHEDULER));
    }

    private static String image(PodBuildResult result) {
        return ((Built) result).pod().getSpec().getContainers().getFirst().getImage();
    }
}
