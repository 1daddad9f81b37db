package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.config.WatchScope;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PodValidator}'s checks, one row each: the pod, the field named, what is said about it. */
class PodValidatorTest {

    private static final WatchScope WATCHED = new WatchScope.NamespaceList(List.of("default", "team-a"));

    /** Which of the validator's checks a row runs. */
    enum Check {
        LAYER, OVERRIDE, FINAL;

        List<FieldProblem> run(String yaml) {
            FieldProblems problems = new FieldProblems();
            Pod pod = PodTrees.toPod(PodFixtures.tree(yaml), "pod", problems).orElseThrow();
            switch (this) {
                case LAYER -> PodValidator.checkLayer(pod, "pod", problems);
                case OVERRIDE -> PodValidator.checkOverrideReserved(pod, "pod", problems);
                case FINAL -> PodValidator.checkFinal(pod, WATCHED, "pod", problems);
            }
            return problems.entries();
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Check.LAYER, "{metadata: {namespace: Team_A}}", "pod.metadata.namespace", "DNS-1123 label"),
                Arguments.of(Check.LAYER, "{metadata: {labels: {'bad key!': x}}}", "pod.metadata.labels.bad key!",
                        "not a valid label key"),
                Arguments.of(Check.LAYER, "{metadata: {labels: {team: 'a b'}}}", "pod.metadata.labels.team",
                        "expected a label value"),
                Arguments.of(Check.LAYER, "{metadata: {annotations: {'-x': y}}}", "pod.metadata.annotations.-x",
                        "not a valid annotation key"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{image: x}]}}", "pod.spec.containers[0].name", "required"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: Base}]}}", "pod.spec.containers[0].name",
                        "DNS-1123 label"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a}, {name: a}]}}", "pod.spec.containers[1].name",
                        "used twice"),
                Arguments.of(Check.LAYER, "{spec: {initContainers: [{name: i, imagePullPolicy: Sometimes}]}}",
                        "pod.spec.initContainers[0].imagePullPolicy", "expected one of Always, IfNotPresent, Never"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, env: [{name: '1X', value: y}]}]}}",
                        "pod.spec.containers[0].env[0].name", "expected an environment variable name"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, env: [{name: TASKPOD__DATABASE__PASSWORD, "
                        + "value: hunter2}]}]}}", "pod.spec.containers[0].env[TASKPOD__DATABASE__PASSWORD]",
                        "a literal secret value is never written into a pod spec"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, ports: [{containerPort: 0}]}]}}",
                        "pod.spec.containers[0].ports[0].containerPort", "between 1 and 65535"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, resources: {requests: {cpu: lots}}}]}}",
                        "pod.spec.containers[0].resources.requests.cpu", "expected a Kubernetes quantity"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, volumeMounts: [{name: v}]}]}}",
                        "pod.spec.containers[0].volumeMounts[0].mountPath", "required"),
                Arguments.of(Check.LAYER, "{spec: {containers: [{name: a, volumeMounts: [{mountPath: /x}]}]}}",
                        "pod.spec.containers[0].volumeMounts[0].name", "required"),
                Arguments.of(Check.LAYER, "{spec: {volumes: [{name: My_Volume, emptyDir: {}}]}}",
                        "pod.spec.volumes[0].name", "DNS-1123 label"),
                Arguments.of(Check.LAYER, "{spec: {nodeSelector: {disk: 'solid state'}}}", "pod.spec.nodeSelector.disk",
                        "expected a label value"),
                Arguments.of(Check.OVERRIDE, "{metadata: {name: mine}}", "pod.metadata.name",
                        "taskpod names worker pods itself"),
                Arguments.of(Check.OVERRIDE, "{metadata: {generateName: mine-}}", "pod.metadata.generateName",
                        "taskpod names worker pods itself"),
                Arguments.of(Check.OVERRIDE, "{metadata: {labels: {try_number: '9'}}}", "pod.metadata.labels.try_number",
                        "reserved for taskpod's pod identity"),
                Arguments.of(Check.OVERRIDE, "{metadata: {annotations: {dag_id: other}}}",
                        "pod.metadata.annotations.dag_id", "reserved for taskpod's pod identity"),
                Arguments.of(Check.OVERRIDE, "{spec: {restartPolicy: OnFailure}}", "pod.spec.restartPolicy",
                        "must be Never"),
                Arguments.of(Check.OVERRIDE, "{spec: {containers: [{name: base, args: [run, it]}]}}",
                        "pod.spec.containers[0].args", "taskpod sets the worker command"),
                Arguments.of(Check.FINAL, "{metadata: {namespace: team-b}, spec: {containers: [{name: base}]}}",
                        "pod.metadata.namespace", "\"team-b\" is not watched by this executor"),
                Arguments.of(Check.FINAL, "{metadata: {namespace: default}, spec: {initContainers: [{name: base}], "
                        + "containers: [{name: base}]}}", "pod.spec.containers[base]", "container name used twice"),
                Arguments.of(Check.FINAL, "{metadata: {namespace: default}, spec: {containers: [{name: base}], "
                        + "volumes: [{name: v, emptyDir: {}}, {name: v, emptyDir: {}}]}}", "pod.spec.volumes[v]",
                        "volume name used twice"),
                Arguments.of(Check.FINAL, "{metadata: {namespace: default}, spec: {containers: [{name: base, "
                        + "volumeMounts: [{name: nope, mountPath: /data}]}]}}",
                        "pod.spec.containers[base].volumeMounts[/data]", "mounts volume \"nope\", which the pod does not define"),
                Arguments.of(Check.FINAL, "{metadata: {namespace: default}, spec: {containers: [{name: base, "
                        + "resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}]}}",
                        "pod.spec.containers[base].resources.requests.memory", "request 2Gi is more than the limit 1Gi"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refused")
    void namesTheFieldTheApiServerWouldRefuse(Check check, String pod, String field, String reason) {
        assertThat(check.run(pod)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.reason()).contains(reason);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{metadata: {namespace: team-a, labels: {team: a}, annotations: {example.com/owner: me}}, spec: {"
                    + "restartPolicy: Never, nodeSelector: {disk: ssd}, volumes: [{name: data, emptyDir: {}}], "
                    + "initContainers: [{name: init, image: busybox, imagePullPolicy: IfNotPresent}], "
                    + "containers: [{name: base, image: x, env: [{name: TASKPOD__DATABASE__PASSWORD, valueFrom: "
                    + "{secretKeyRef: {name: db, key: password}}}], ports: [{containerPort: 8080}], "
                    + "volumeMounts: [{name: data, mountPath: /data}], "
                    + "resources: {requests: {memory: 1Gi, cpu: 250m}, limits: {memory: 1Gi, cpu: '1'}}}]}}"})
    void aPodTheApiServerWouldTakePassesEveryCheck(String pod) {
        for (Check check : Check.values()) {
            assertThat(check.run(pod)).as(check.name()).isEmpty();
        }
    }
}
