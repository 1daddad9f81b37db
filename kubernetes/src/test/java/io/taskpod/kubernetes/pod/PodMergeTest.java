package io.taskpod.kubernetes.pod;

import static io.taskpod.kubernetes.pod.PodFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PodMerge}'s rules, one row each: base, override, the merged pod. */
class PodMergeTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("mappings merge key by key",
                        "{metadata: {labels: {a: '1', b: '2'}}}",
                        "{metadata: {labels: {b: '3', c: '4'}}}",
                        "{metadata: {labels: {a: '1', b: '3', c: '4'}}}"),
                Arguments.of("fields only in the base are kept, fields only in the override added",
                        "{spec: {serviceAccountName: a}}",
                        "{metadata: {namespace: n}}",
                        "{spec: {serviceAccountName: a}, metadata: {namespace: n}}"),
                Arguments.of("a scalar is replaced",
                        "{spec: {serviceAccountName: a, priority: 1}}",
                        "{spec: {serviceAccountName: b}}",
                        "{spec: {serviceAccountName: b, priority: 1}}"),
                Arguments.of("an explicit null removes the base's value",
                        "{spec: {nodeSelector: {disk: ssd}, serviceAccountName: a}}",
                        "{spec: {nodeSelector: null}}",
                        "{spec: {serviceAccountName: a}}"),
                Arguments.of("false, 0, empty string and empty list win (Airflow ignored them)",
                        "{spec: {hostNetwork: true, priority: 5, schedulerName: x, tolerations: [{key: k}]}}",
                        "{spec: {hostNetwork: false, priority: 0, schedulerName: '', tolerations: []}}",
                        "{spec: {hostNetwork: false, priority: 0, schedulerName: '', tolerations: []}}"),
                Arguments.of("containers merge by name, recursively; new ones are appended",
                        "{spec: {containers: [{name: base, image: a, resources: {limits: {cpu: '1'}}}, {name: side, image: s}]}}",
                        "{spec: {containers: [{name: base, resources: {limits: {memory: 1Gi}}}, {name: extra, image: e}]}}",
                        "{spec: {containers: [{name: base, image: a, resources: {limits: {cpu: '1', memory: 1Gi}}},"
                                + " {name: side, image: s}, {name: extra, image: e}]}}"),
                Arguments.of("initContainers merge by name too",
                        "{spec: {initContainers: [{name: init, image: a, args: [x]}]}}",
                        "{spec: {initContainers: [{name: init, image: b}]}}",
                        "{spec: {initContainers: [{name: init, image: b, args: [x]}]}}"),
                Arguments.of("an env variable of the same name replaces the whole element",
                        "{spec: {containers: [{name: base, env: [{name: A, value: '1'},"
                                + " {name: B, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}}",
                        "{spec: {containers: [{name: base, env: [{name: B, value: '2'}, {name: C, value: '3'}]}]}}",
                        "{spec: {containers: [{name: base, env: [{name: A, value: '1'}, {name: B, value: '2'},"
                                + " {name: C, value: '3'}]}]}}"),
                Arguments.of("volume mounts merge by mountPath (a volume may be mounted twice)",
                        "{spec: {containers: [{name: base, volumeMounts: [{name: v, mountPath: /a}]}]}}",
                        "{spec: {containers: [{name: base, volumeMounts: [{name: w, mountPath: /a}, {name: v, mountPath: /b}]}]}}",
                        "{spec: {containers: [{name: base, volumeMounts: [{name: w, mountPath: /a}, {name: v, mountPath: /b}]}]}}"),
                Arguments.of("ports merge by containerPort and protocol (TCP when unset)",
                        "{spec: {containers: [{name: base, ports: [{containerPort: 80}]}]}}",
                        "{spec: {containers: [{name: base, ports: [{containerPort: 80, protocol: UDP}, {containerPort: 80, name: web}]}]}}",
                        "{spec: {containers: [{name: base, ports: [{containerPort: 80, name: web}, {containerPort: 80, protocol: UDP}]}]}}"),
                Arguments.of("volumes and imagePullSecrets merge by name",
                        "{spec: {volumes: [{name: a, emptyDir: {}}], imagePullSecrets: [{name: r1}]}}",
                        "{spec: {volumes: [{name: a, configMap: {name: c}}, {name: b, emptyDir: {}}], imagePullSecrets: [{name: r2}]}}",
                        "{spec: {volumes: [{name: a, configMap: {name: c}}, {name: b, emptyDir: {}}],"
                                + " imagePullSecrets: [{name: r1}, {name: r2}]}}"),
                Arguments.of("envFrom merges by kind, name and prefix",
                        "{spec: {containers: [{name: base, envFrom: [{configMapRef: {name: c}}]}]}}",
                        "{spec: {containers: [{name: base, envFrom: [{configMapRef: {name: c, optional: true}},"
                                + " {configMapRef: {name: c}, prefix: P_}, {secretRef: {name: c}}]}]}}",
                        "{spec: {containers: [{name: base, envFrom: [{configMapRef: {name: c, optional: true}},"
                                + " {configMapRef: {name: c}, prefix: P_}, {secretRef: {name: c}}]}]}}"),
                Arguments.of("volumeDevices merge by devicePath",
                        "{spec: {containers: [{name: base, volumeDevices: [{name: a, devicePath: /dev/x}]}]}}",
                        "{spec: {containers: [{name: base, volumeDevices: [{name: b, devicePath: /dev/x}]}]}}",
                        "{spec: {containers: [{name: base, volumeDevices: [{name: b, devicePath: /dev/x}]}]}}"),
                Arguments.of("probes are one-of objects, replaced as a whole",
                        "{spec: {containers: [{name: base, livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}]}}",
                        "{spec: {containers: [{name: base, livenessProbe: {exec: {command: ['true']}}}]}}",
                        "{spec: {containers: [{name: base, livenessProbe: {exec: {command: ['true']}}}]}}"),
                Arguments.of("an env variable's valueFrom is replaced as a whole",
                        "{spec: {containers: [{name: base, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}}",
                        "{spec: {containers: [{name: base, env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}]}}",
                        "{spec: {containers: [{name: base, env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}]}}"),
                Arguments.of("other lists (args, command, tolerations) are replaced",
                        "{spec: {tolerations: [{key: a}], containers: [{name: base, command: [sh], args: [x, y]}]}}",
                        "{spec: {tolerations: [{key: b}], containers: [{name: base, args: [z]}]}}",
                        "{spec: {tolerations: [{key: b}], containers: [{name: base, command: [sh], args: [z]}]}}"),
                Arguments.of("a list where the base has a mapping is replaced, not merged",
                        "{spec: {containers: {name: base}}}",
                        "{spec: {containers: [{name: base}]}}",
                        "{spec: {containers: [{name: base}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void mergesTheOverrideOntoTheBase(String rule, String base, String override, String expected) {
        assertThat(PodMerge.merge(tree(base), tree(override))).isEqualTo(tree(expected));
    }

    @Test
    void neitherArgumentIsChanged() {
        ObjectNode base = tree("{spec: {containers: [{name: base, env: [{name: A, value: '1'}]}]}}");
        ObjectNode override = tree("{spec: {containers: [{name: base, env: [{name: A, value: '2'}]}]}}");
        ObjectNode baseBefore = base.deepCopy();
        ObjectNode overrideBefore = override.deepCopy();

        PodMerge.merge(base, override);

        assertThat(base).isEqualTo(baseBefore);
        assertThat(override).isEqualTo(overrideBefore);
    }
}
