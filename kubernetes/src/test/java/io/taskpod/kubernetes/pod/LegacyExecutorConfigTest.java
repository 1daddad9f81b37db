package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link LegacyExecutorConfig}: Airflow 1.10's flat keys, one row each, as the pod override they mean. */
class LegacyExecutorConfigTest {

    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of("{image: repo/task:1, image_pull_policy: Always}",
                        "{spec: {containers: [{name: base, image: repo/task:1, imagePullPolicy: Always}]}}"),
                Arguments.of("{request_memory: 1Gi, request_cpu: 250m, limit_memory: 2Gi, limit_cpu: 1, limit_gpu: 1}",
                        "{spec: {containers: [{name: base, resources: {requests: {memory: 1Gi, cpu: 250m}, "
                                + "limits: {memory: 2Gi, cpu: '1', nvidia.com/gpu: '1'}}}]}}"),
                Arguments.of("{resources: {request_memory: 1Gi, limits: {ephemeral-storage: 5Gi}}}",
                        "{spec: {containers: [{name: base, resources: {requests: {memory: 1Gi}, "
                                + "limits: {ephemeral-storage: 5Gi}}}]}}"),
                Arguments.of("{env_vars: {A: '1', B: 2}}",
                        "{spec: {containers: [{name: base, env: [{name: A, value: '1'}, {name: B, value: '2'}]}]}}"),
                Arguments.of("{secrets: [{deploy_type: env, deploy_target: DB_PASSWORD, secret: db, key: password}]}",
                        "{spec: {containers: [{name: base, env: [{name: DB_PASSWORD, valueFrom: "
                                + "{secretKeyRef: {name: db, key: password}}}]}]}}"),
                Arguments.of("{secrets: [{deploy_type: env, secret: all-of-it}]}",
                        "{spec: {containers: [{name: base, envFrom: [{secretRef: {name: all-of-it}}]}]}}"),
                Arguments.of("{secrets: [{deploy_type: volume, deploy_target: /etc/creds, secret: creds, key: token}]}",
                        "{spec: {volumes: [{name: secretvol0, secret: {secretName: creds, items: [{key: token, path: token}]}}], "
                                + "containers: [{name: base, volumeMounts: [{name: secretvol0, mountPath: /etc/creds, "
                                + "readOnly: true}]}]}}"),
                Arguments.of("{volumes: [{name: data, emptyDir: {}}], volume_mounts: [{name: data, mountPath: /data}]}",
                        "{spec: {volumes: [{name: data, emptyDir: {}}], "
                                + "containers: [{name: base, volumeMounts: [{name: data, mountPath: /data}]}]}}"),
                Arguments.of("{namespace: team-a, labels: {team: a}, annotations: {note: x}}",
                        "{metadata: {namespace: team-a, labels: {team: a}, annotations: {note: x}}}"),
                Arguments.of("{node_selector: {disk: ssd}}", "{spec: {nodeSelector: {disk: ssd}}}"),
                Arguments.of("{node_selectors: {disk: ssd}}", "{spec: {nodeSelector: {disk: ssd}}}"),
                Arguments.of("{affinity: {nodeAffinity: {}}, tolerations: [{key: gpu, operator: Exists}]}",
                        "{spec: {affinity: {nodeAffinity: {}}, tolerations: [{key: gpu, operator: Exists}]}}"),
                Arguments.of("{service_account_name: runner}", "{spec: {serviceAccountName: runner}}"),
                Arguments.of("{}", "{}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void becomesThePodOverrideItMeans(String legacy, String override) {
        FieldProblems problems = new FieldProblems();

        ObjectNode converted = LegacyExecutorConfig.toOverride(PodFixtures.tree(legacy), problems);

        assertThat(problems.list()).isEmpty();
        assertThat(converted).isEqualTo(PodFixtures.tree(override));
    }

    static Stream<Arguments> refused() {
        String at = "executor_config.KubernetesExecutor";
        return Stream.of(
                Arguments.of("[image]", at, "expected a mapping of the KubernetesExecutor keys"),
                Arguments.of("{request_memroy: 1Gi}", at + ".request_memroy", "unknown key; the KubernetesExecutor keys are"),
                Arguments.of("{limit_memory: lots}", at + ".limit_memory", "expected a Kubernetes quantity"),
                Arguments.of("{resources: 1Gi}", at + ".resources", "expected a mapping"),
                Arguments.of("{resources: {limits: 1Gi}}", at + ".resources.limits", "expected a mapping of resource names"),
                Arguments.of("{resources: {memory: 1Gi}}", at + ".resources.memory", "unknown key"),
                Arguments.of("{limit_cpu: 1, resources: {limit_cpu: 2}}", at + ".resources.limit_cpu",
                        "limits.cpu is already set by another KubernetesExecutor key"),
                Arguments.of("{env_vars: [A]}", at + ".env_vars", "expected a mapping of variable names to values"),
                Arguments.of("{env_vars: {A: {b: c}}}", at + ".env_vars.A", "expected a value"),
                Arguments.of("{secrets: {secret: s}}", at + ".secrets", "expected a list of {deploy_type"),
                Arguments.of("{secrets: [{deploy_type: env, key: k}]}", at + ".secrets[0].secret", "required"),
                Arguments.of("{secrets: [{deploy_type: env, secret: s, key: k}]}", at + ".secrets[0].deploy_target",
                        "the environment variable to set"),
                Arguments.of("{secrets: [{deploy_type: volume, secret: s}]}", at + ".secrets[0].deploy_target",
                        "the path to mount the secret at"),
                Arguments.of("{secrets: [{deploy_type: file, secret: s}]}", at + ".secrets[0].deploy_type",
                        "expected env or volume"),
                Arguments.of("{image: [a]}", at + ".image", "expected a string"),
                Arguments.of("{labels: [a]}", at + ".labels", "expected a mapping"),
                Arguments.of("{volumes: {name: v}}", at + ".volumes", "expected a list"),
                Arguments.of("{node_selector: {a: b}, node_selectors: {a: b}}", at + ".node_selectors",
                        "set node_selector or node_selectors, not both"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void namesTheKeyAtFault(String legacy, String field, String reason) {
        FieldProblems problems = new FieldProblems();

        LegacyExecutorConfig.toOverride(PodFixtures.node(legacy), problems);

        assertThat(problems.entries()).first().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.reason()).contains(reason);
        });
    }
}
