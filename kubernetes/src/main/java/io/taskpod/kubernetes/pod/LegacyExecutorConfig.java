package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Airflow 1.10's flat {@code executor_config: {KubernetesExecutor: {...}}} keys, turned into a pod override for
 * the base container and pod:
 * <ul>
 *   <li>{@code image}, {@code image_pull_policy} → base container image and pull policy;
 *   <li>{@code request_memory}, {@code request_cpu}, {@code limit_memory}, {@code limit_cpu}, {@code limit_gpu}
 *       ({@code nvidia.com/gpu}) → base container resources; {@code resources} may hold the same five keys, or
 *       Kubernetes' {@code requests}/{@code limits};
 *   <li>{@code env_vars} (name → value) → base container env; {@code secrets} (list of {@code deploy_type: env|volume,
 *       deploy_target, secret, key}) → env from a secret key, all keys of a secret ({@code env} without key), or a
 *       secret volume mounted at {@code deploy_target};
 *   <li>{@code volumes}, {@code volume_mounts} → pod volumes and base container mounts (Kubernetes' own shape);
 *   <li>{@code namespace}, {@code labels}, {@code annotations}, {@code node_selector} (or 1.10's
 *       {@code node_selectors}), {@code affinity}, {@code tolerations}, {@code service_account_name} → the pod's.
 * </ul>
 */
final class LegacyExecutorConfig {

    static final String KEY = "KubernetesExecutor";
    private static final String PREFIX = "executor_config." + KEY;
    private static final Map<String, String[]> RESOURCE_KEYS = Map.of(
            "request_memory", new String[] {"requests", "memory"},
            "request_cpu", new String[] {"requests", "cpu"},
            "limit_memory", new String[] {"limits", "memory"},
            "limit_cpu", new String[] {"limits", "cpu"},
            "limit_gpu", new String[] {"limits", "nvidia.com/gpu"});
    private static final Set<String> KNOWN = Set.of("namespace", "image", "image_pull_policy", "request_memory",
            "request_cpu", "limit_memory", "limit_cpu", "limit_gpu", "labels", "annotations", "env_vars", "secrets",
            "volumes", "volume_mounts", "node_selector", "node_selectors", "affinity", "tolerations", "resources",
            "service_account_name");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final FieldProblems problems;
    private final ObjectNode pod = nodes.objectNode();

    private LegacyExecutorConfig(FieldProblems problems) {
        this.problems = problems;
    }

    /** The override these keys mean; problems name {@code executor_config.KubernetesExecutor.<key>}. */
    static ObjectNode toOverride(JsonNode legacy, FieldProblems problems) {
        LegacyExecutorConfig converter = new LegacyExecutorConfig(problems);
        if (!legacy.isObject()) {
            problems.add(PREFIX, "expected a mapping of the KubernetesExecutor keys " + sorted(KNOWN));
            return converter.pod;
        }
        converter.convert(legacy);
        return converter.pod;
    }

    private void convert(JsonNode legacy) {
        if (legacy.has("node_selector") && legacy.has("node_selectors")) {
            problems.add(PREFIX + ".node_selectors", "set node_selector or node_selectors, not both");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = legacy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String field = PREFIX + "." + key;
            switch (key) {
                case "namespace" -> metadata().set("namespace", text(field, value));
                case "image" -> base().set("image", text(field, value));
                case "image_pull_policy" -> base().set("imagePullPolicy", text(field, value));
                case "request_memory", "request_cpu", "limit_memory", "limit_cpu", "limit_gpu" ->
                        resource(field, RESOURCE_KEYS.get(key), value);
                case "resources" -> resources(field, value);
                case "labels" -> metadata().set("labels", mapping(field, value));
                case "annotations" -> metadata().set("annotations", mapping(field, value));
                case "env_vars" -> envVars(field, value);
                case "secrets" -> secrets(field, value);
                case "volumes" -> list(spec(), "volumes").addAll(list(field, value));
                case "volume_mounts" -> list(base(), "volumeMounts").addAll(list(field, value));
                case "node_selector", "node_selectors" -> spec().set("nodeSelector", mapping(field, value));
                case "affinity" -> spec().set("affinity", mapping(field, value));
                case "tolerations" -> spec().putArray("tolerations").addAll(list(field, value));
                case "service_account_name" -> spec().set("serviceAccountName", text(field, value));
                default -> problems.add(field, "unknown key; the KubernetesExecutor keys are " + sorted(KNOWN));
            }
        }
    }

    private void resources(String field, JsonNode value) {
        if (!value.isObject()) {
            problems.add(field, "expected a mapping, got " + PodTrees.describe(value));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = field + "." + entry.getKey();
            if (RESOURCE_KEYS.containsKey(entry.getKey())) {
                resource(at, RESOURCE_KEYS.get(entry.getKey()), entry.getValue());
            } else if (entry.getKey().equals("requests") || entry.getKey().equals("limits")) {
                if (!entry.getValue().isObject()) {
                    problems.add(at, "expected a mapping of resource names to quantities, got "
                            + PodTrees.describe(entry.getValue()));
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> q = entry.getValue().fields(); q.hasNext(); ) {
                    Map.Entry<String, JsonNode> quantity = q.next();
                    resource(at + "." + quantity.getKey(), new String[] {entry.getKey(), quantity.getKey()},
                            quantity.getValue());
                }
            } else {
                problems.add(at, "unknown key; expected request_memory, request_cpu, limit_memory, limit_cpu, "
                        + "limit_gpu, requests or limits");
            }
        }
    }

    private void resource(String field, String[] where, JsonNode value) {
        String quantity = value.isNumber() ? value.asText() : value.isTextual() ? value.asText() : "";
        if (!KubernetesSyntax.isQuantity(quantity)) {
            problems.add(field, "expected a Kubernetes quantity (e.g. 512Mi, 0.5, 250m), got " + PodTrees.describe(value));
            return;
        }
        ObjectNode resources = object(base(), "resources");
        ObjectNode kind = object(resources, where[0]);
        if (kind.has(where[1])) {
            problems.add(field, where[0] + "." + where[1] + " is already set by another KubernetesExecutor key");
        }
        kind.put(where[1], quantity);
    }

    private void envVars(String field, JsonNode value) {
        if (!value.isObject()) {
            problems.add(field, "expected a mapping of variable names to values, got " + PodTrees.describe(value));
            return;
        }
        ArrayNode env = list(base(), "env");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                problems.add(field + "." + entry.getKey(), "expected a value, got " + PodTrees.describe(entry.getValue()));
                continue;
            }
            env.addObject().put("name", entry.getKey()).put("value", entry.getValue().asText());
        }
    }

    private void secrets(String field, JsonNode value) {
        if (!value.isArray()) {
            problems.add(field, "expected a list of {deploy_type, deploy_target, secret, key}, got " + PodTrees.describe(value));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode secret = value.get(i);
            String at = field + "[" + i + "]";
            String type = secret.path("deploy_type").asText("");
            String secretName = secret.path("secret").asText("");
            String target = secret.path("deploy_target").asText("");
            String key = secret.path("key").asText("");
            if (secretName.isEmpty()) {
                problems.add(at + ".secret", "required: the name of the Kubernetes Secret");
                continue;
            }
            switch (type) {
                case "env" -> {
                    if (key.isEmpty()) {
                        list(base(), "envFrom").addObject().putObject("secretRef").put("name", secretName);
                    } else if (target.isEmpty()) {
                        problems.add(at + ".deploy_target", "required: the environment variable to set");
                    } else {
                        ObjectNode variable = list(base(), "env").addObject().put("name", target);
                        variable.putObject("valueFrom").putObject("secretKeyRef").put("name", secretName).put("key", key);
                    }
                }
                case "volume" -> {
                    if (target.isEmpty()) {
                        problems.add(at + ".deploy_target", "required: the path to mount the secret at");
                        continue;
                    }
                    String volumeName = "secretvol" + i;
                    ObjectNode volume = list(spec(), "volumes").addObject().put("name", volumeName);
                    ObjectNode source = volume.putObject("secret").put("secretName", secretName);
                    if (!key.isEmpty()) {
                        source.putArray("items").addObject().put("key", key).put("path", key);
                    }
                    list(base(), "volumeMounts").addObject().put("name", volumeName).put("mountPath", target)
                            .put("readOnly", true);
                }
                default -> problems.add(at + ".deploy_type", "expected env or volume, got \"" + type + "\"");
            }
        }
    }

    private JsonNode text(String field, JsonNode value) {
        if (!value.isTextual()) {
            problems.add(field, "expected a string, got " + PodTrees.describe(value));
        }
        return value;
    }

    private JsonNode mapping(String field, JsonNode value) {
        if (!value.isObject()) {
            problems.add(field, "expected a mapping, got " + PodTrees.describe(value));
        }
        return value;
    }

    private List<JsonNode> list(String field, JsonNode value) {
        if (!value.isArray()) {
            problems.add(field, "expected a list, got " + PodTrees.describe(value));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(item -> items.add(item.deepCopy()));
        return items;
    }

    private ObjectNode metadata() {
        return object(pod, "metadata");
    }

    private ObjectNode spec() {
        return object(pod, "spec");
    }

    private ObjectNode base() {
        ArrayNode containers = list(spec(), "containers");
        if (containers.isEmpty()) {
            containers.addObject().put("name", PodLabels.BASE_CONTAINER);
        }
        return (ObjectNode) containers.get(0);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ObjectNode object ? object : parent.putObject(field);
    }

    private static ArrayNode list(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ArrayNode array ? array : parent.putArray(field);
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
