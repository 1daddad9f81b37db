package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges a pod fragment onto a base pod (design decision 7). The override wins, field by field:
 * <ul>
 *   <li>mappings merge key by key, recursively: labels, annotations, nodeSelector, resources.limits/requests,
 *       securityContext, …; the probes and lifecycle handlers are one-of objects and are replaced as a whole;
 *   <li>containers, initContainers and ephemeralContainers merge by {@code name}, recursively; new ones are appended;
 *   <li>env, envFrom, volumes, volumeMounts, ports, volumeDevices and imagePullSecrets merge by their key (name;
 *       mountPath for mounts, since a volume may be mounted twice; containerPort/protocol for ports; devicePath):
 *       an element with the same key replaces the base's whole element, new ones are appended;
 *   <li>any other list (args, command, tolerations, …) and any scalar is replaced;
 *   <li>an explicit {@code false}, {@code 0}, {@code ""}, {@code []} or {@code {}} in the override wins (Airflow
 *       ignored such "falsy" values); an explicit {@code null} removes the base's value.
 * </ul>
 */
final class PodMerge {

    private static final Set<String> REPLACED_OBJECTS = Set.of("livenessProbe", "readinessProbe", "startupProbe",
            "postStart", "preStop", "valueFrom");
    private static final Set<String> DEEP_MERGED_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");
    private static final Map<String, Function<JsonNode, Optional<String>>> LIST_KEYS = Map.of(
            "containers", field("name"),
            "initContainers", field("name"),
            "ephemeralContainers", field("name"),
            "env", field("name"),
            "volumes", field("name"),
            "imagePullSecrets", field("name"),
            "volumeMounts", field("mountPath"),
            "volumeDevices", field("devicePath"),
            "ports", PodMerge::portKey,
            "envFrom", PodMerge::envFromKey);

    private PodMerge() {}

    /** A new tree: {@code base} with {@code override} merged onto it; neither argument is changed. */
    static ObjectNode merge(ObjectNode base, ObjectNode override) {
        return mergeObjects(base, override);
    }

    private static ObjectNode mergeObjects(ObjectNode base, ObjectNode override) {
        ObjectNode result = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = entry.getKey();
            JsonNode mine = result.get(field);
            JsonNode theirs = entry.getValue();
            if (theirs.isNull()) {
                result.remove(field);
            } else if (mine != null && mine.isObject() && theirs.isObject() && !REPLACED_OBJECTS.contains(field)) {
                result.set(field, mergeObjects((ObjectNode) mine, (ObjectNode) theirs));
            } else if (mine != null && mine.isArray() && theirs.isArray() && LIST_KEYS.containsKey(field)) {
                result.set(field, mergeLists(field, (ArrayNode) mine, (ArrayNode) theirs));
            } else {
                result.set(field, theirs.deepCopy());
            }
        }
        return result;
    }

    private static ArrayNode mergeLists(String field, ArrayNode base, ArrayNode override) {
        Function<JsonNode, Optional<String>> keyOf = LIST_KEYS.get(field);
        boolean deep = DEEP_MERGED_LISTS.contains(field);
        Map<String, Integer> positions = new LinkedHashMap<>();
        ArrayNode result = base.deepCopy();
        for (int i = 0; i < result.size(); i++) {
            int position = i;
            keyOf.apply(result.get(i)).ifPresent(key -> positions.putIfAbsent(key, position));
        }
        for (JsonNode element : override) {
            Optional<String> key = keyOf.apply(element);
            Integer position = key.map(positions::get).orElse(null);
            if (position == null) {
                result.add(element.deepCopy());
                key.ifPresent(k -> positions.put(k, result.size() - 1));
            } else if (deep && element.isObject() && result.get(position).isObject()) {
                result.set(position, mergeObjects((ObjectNode) result.get(position), (ObjectNode) element));
            } else {
                result.set(position, element.deepCopy());
            }
        }
        return result;
    }

    private static Function<JsonNode, Optional<String>> field(String name) {
        return element -> Optional.ofNullable(element.get(name)).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }

    private static Optional<String> portKey(JsonNode port) {
        return Optional.ofNullable(port.get("containerPort")).filter(JsonNode::isValueNode)
                .map(p -> p.asText() + "/" + Optional.ofNullable(port.get("protocol")).map(JsonNode::asText).orElse("TCP"));
    }

    private static Optional<String> envFromKey(JsonNode source) {
        for (String kind : new String[] {"configMapRef", "secretRef"}) {
            JsonNode ref = source.get(kind);
            if (ref != null && ref.get("name") != null) {
                return Optional.of(kind + "/" + ref.get("name").asText() + "/"
                        + Optional.ofNullable(source.get("prefix")).map(JsonNode::asText).orElse(""));
            }
        }
        return Optional.empty();
    }
}
