package io.taskpod.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.taskpod.kubernetes.KubernetesSyntax;
import io.taskpod.kubernetes.config.WatchScope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks the API server would make, run before any API call: on each layer as the user wrote it (so a problem
 * names the file or {@code executor_config} field and the user's own list index), and on the final pod for what
 * only the combination shows (duplicate or missing names, an image, a watched namespace, requests within limits).
 */
final class PodValidator {

    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    private PodValidator() {}

    /** Syntax checks of one layer (template or override). */
    static void checkLayer(Pod pod, String prefix, FieldProblems problems) {
        ObjectMeta meta = Optional.ofNullable(pod.getMetadata()).orElseGet(ObjectMeta::new);
        if (meta.getNamespace() != null && !KubernetesSyntax.isDnsLabel(meta.getNamespace())) {
            problems.add(prefix + ".metadata.namespace", "expected " + KubernetesSyntax.dnsLabelRule() + ", got \""
                    + meta.getNamespace() + "\"");
        }
        checkLabels(Optional.ofNullable(meta.getLabels()).orElse(Map.of()), prefix + ".metadata.labels", problems);
        for (String key : Optional.ofNullable(meta.getAnnotations()).orElse(Map.<String, String>of()).keySet()) {
            if (!KubernetesSyntax.isQualifiedName(key)) {
                problems.add(prefix + ".metadata.annotations." + key, "not a valid annotation key (optional DNS "
                        + "subdomain prefix and '/', then at most 63 of [A-Za-z0-9._-], alphanumeric at both ends)");
            }
        }
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return;
        }
        checkContainers(spec.getInitContainers(), prefix + ".spec.initContainers", problems);
        checkContainers(spec.getContainers(), prefix + ".spec.containers", problems);
        List<Volume> volumes = Optional.ofNullable(spec.getVolumes()).orElse(List.of());
        for (int i = 0; i < volumes.size(); i++) {
            checkName(volumes.get(i).getName(), prefix + ".spec.volumes[" + i + "].name", problems);
        }
        checkLabels(Optional.ofNullable(spec.getNodeSelector()).orElse(Map.of()), prefix + ".spec.nodeSelector", problems);
    }

    /** What an executor_config may not set: the pod's identity, the worker command, a restart policy but Never. */
    static void checkOverrideReserved(Pod pod, String prefix, FieldProblems problems) {
        ObjectMeta meta = Optional.ofNullable(pod.getMetadata()).orElseGet(ObjectMeta::new);
        if (meta.getName() != null || meta.getGenerateName() != null) {
            problems.add(prefix + ".metadata." + (meta.getName() != null ? "name" : "generateName"),
                    "taskpod names worker pods itself (deterministic names make creates idempotent); remove it");
        }
        for (String kind : List.of("labels", "annotations")) {
            Map<String, String> map = kind.equals("labels") ? meta.getLabels() : meta.getAnnotations();
            for (String key : Optional.ofNullable(map).orElse(Map.of()).keySet()) {
                if (PodLabels.RESERVED.contains(key)) {
                    problems.add(prefix + ".metadata." + kind + "." + key, "reserved for taskpod's pod identity");
                }
            }
        }
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getRestartPolicy() != null && !spec.getRestartPolicy().equals("Never")) {
            problems.add(prefix + ".spec.restartPolicy", "must be Never (a restarted container would run the same "
                    + "try twice), got \"" + spec.getRestartPolicy() + "\"");
        }
        List<Container> containers = Optional.ofNullable(spec.getContainers()).orElse(List.of());
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            if (PodLabels.BASE_CONTAINER.equals(container.getName()) && container.getArgs() != null
                    && !container.getArgs().isEmpty()) {
                problems.add(prefix + ".spec.containers[" + i + "].args", "taskpod sets the worker command as the "
                        + "base container's args; set command to wrap it (e.g. an entrypoint script)");
            }
        }
    }

    /** Checks only the final pod can fail. */
    static void checkFinal(Pod pod, WatchScope scope, String prefix, FieldProblems problems) {
        String namespace = pod.getMetadata().getNamespace();
        if (!scope.covers(namespace)) {
            problems.add(prefix + ".metadata.namespace", "\"" + namespace + "\" is not watched by this executor "
                    + describe(scope) + ", so the task's outcome would never be seen");
        }
        PodSpec spec = pod.getSpec();
        Set<String> names = new HashSet<>();
        for (Container container : concat(spec.getInitContainers(), spec.getContainers())) {
            if (!names.add(container.getName())) {
                problems.add(prefix + ".spec.containers[" + container.getName() + "]",
                        "container name used twice (containers and initContainers share one namespace)");
            }
        }
        Set<String> volumes = new HashSet<>();
        for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
            if (!volumes.add(volume.getName())) {
                problems.add(prefix + ".spec.volumes[" + volume.getName() + "]", "volume name used twice");
            }
        }
        for (Container container : concat(spec.getInitContainers(), spec.getContainers())) {
            String at = prefix + ".spec.containers[" + container.getName() + "]";
            for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
                if (!volumes.contains(mount.getName())) {
                    problems.add(at + ".volumeMounts[" + mount.getMountPath() + "]", "mounts volume \"" + mount.getName()
                            + "\", which the pod does not define");
                }
            }
            checkRequestsWithinLimits(container.getResources(), at + ".resources", problems);
        }
    }

    private static void checkContainers(List<Container> containers, String path, FieldProblems problems) {
        List<Container> list = Optional.ofNullable(containers).orElse(List.of());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Container container = list.get(i);
            String at = path + "[" + i + "]";
            checkName(container.getName(), at + ".name", problems);
            if (container.getName() != null && !seen.add(container.getName())) {
                problems.add(at + ".name", "container name \"" + container.getName() + "\" used twice");
            }
            if (container.getImagePullPolicy() != null && !PULL_POLICIES.contains(container.getImagePullPolicy())) {
                problems.add(at + ".imagePullPolicy", "expected one of Always, IfNotPresent, Never, got \""
                        + container.getImagePullPolicy() + "\"");
            }
            checkEnv(container.getEnv(), at + ".env", problems);
            checkPorts(container.getPorts(), at + ".ports", problems);
            checkResources(container.getResources(), at + ".resources", problems);
            List<VolumeMount> mounts = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of());
            for (int m = 0; m < mounts.size(); m++) {
                if (mounts.get(m).getMountPath() == null || mounts.get(m).getMountPath().isBlank()) {
                    problems.add(at + ".volumeMounts[" + m + "].mountPath", "required");
                }
                if (mounts.get(m).getName() == null || mounts.get(m).getName().isBlank()) {
                    problems.add(at + ".volumeMounts[" + m + "].name", "required");
                }
            }
        }
    }

    private static void checkEnv(List<EnvVar> env, String path, FieldProblems problems) {
        List<EnvVar> list = Optional.ofNullable(env).orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            EnvVar variable = list.get(i);
            String name = variable.getName();
            if (name == null || !KubernetesSyntax.isEnvVarName(name)) {
                problems.add(path + "[" + i + "].name", "expected an environment variable name ([-._a-zA-Z] then "
                        + "[-._a-zA-Z0-9]), got " + (name == null ? "nothing" : "\"" + name + "\""));
            } else if (variable.getValue() != null && SecretEnvCheck.isLiteralSecret(name, variable.getValue())) {
                problems.add(path + "[" + name + "]", SecretEnvCheck.advice());
            }
        }
    }

    private static void checkPorts(List<ContainerPort> ports, String path, FieldProblems problems) {
        List<ContainerPort> list = Optional.ofNullable(ports).orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            Integer port = list.get(i).getContainerPort();
            if (port == null || port < 1 || port > 65535) {
                problems.add(path + "[" + i + "].containerPort", "expected a port between 1 and 65535, got " + port);
            }
        }
    }

    private static void checkResources(ResourceRequirements resources, String path, FieldProblems problems) {
        if (resources == null) {
            return;
        }
        for (String kind : List.of("limits", "requests")) {
            Map<String, Quantity> quantities = kind.equals("limits") ? resources.getLimits() : resources.getRequests();
            for (Map.Entry<String, Quantity> entry : Optional.ofNullable(quantities).orElse(Map.of()).entrySet()) {
                String text = entry.getValue() == null ? "" : entry.getValue().toString();
                if (!KubernetesSyntax.isQuantity(text)) {
                    problems.add(path + "." + kind + "." + entry.getKey(), "expected a Kubernetes quantity (e.g. 512Mi, "
                            + "0.5, 250m), got \"" + text + "\"");
                }
            }
        }
    }

    private static void checkRequestsWithinLimits(ResourceRequirements resources, String path, FieldProblems problems) {
        if (resources == null || resources.getLimits() == null || resources.getRequests() == null) {
            return;
        }
        for (Map.Entry<String, Quantity> request : resources.getRequests().entrySet()) {
            Quantity limit = resources.getLimits().get(request.getKey());
            if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
                problems.add(path + ".requests." + request.getKey(), "request " + request.getValue() + " is more than "
                        + "the limit " + limit);
            }
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    private static void checkLabels(Map<String, String> labels, String path, FieldProblems problems) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!KubernetesSyntax.isQualifiedName(label.getKey())) {
                problems.add(path + "." + label.getKey(), "not a valid label key (optional DNS subdomain prefix and "
                        + "'/', then at most 63 of [A-Za-z0-9._-], alphanumeric at both ends)");
            }
            String value = label.getValue() == null ? "" : label.getValue();
            if (!KubernetesSyntax.isLabelValue(value)) {
                problems.add(path + "." + label.getKey(), "expected a label value (at most 63 of [A-Za-z0-9._-], "
                        + "alphanumeric at both ends), got \"" + value + "\"");
            }
        }
    }

    private static void checkName(String name, String path, FieldProblems problems) {
        if (name == null || name.isEmpty()) {
            problems.add(path, "required");
        } else if (!KubernetesSyntax.isDnsLabel(name)) {
            problems.add(path, "expected " + KubernetesSyntax.dnsLabelRule() + ", got \"" + name + "\"");
        }
    }

    private static List<Container> concat(List<Container> first, List<Container> second) {
        List<Container> all = new ArrayList<>(Optional.ofNullable(first).orElse(List.of()));
        all.addAll(Optional.ofNullable(second).orElse(List.of()));
        return all;
    }

    private static String describe(WatchScope scope) {
        return switch (scope) {
            case WatchScope.SingleNamespace single -> "(multi_namespace_mode is off; it watches " + single.namespace() + ")";
            case WatchScope.NamespaceList list -> "(it watches " + list.namespaces() + ")";
            case WatchScope.AllNamespaces all -> "";
        };
    }
}
