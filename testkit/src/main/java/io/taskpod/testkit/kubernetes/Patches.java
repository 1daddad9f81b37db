package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The PATCH formats fabric8 sends: JSON Patch ({@code .edit(...)}, {@code .patch()} of a whole object), JSON
 * merge patch ({@code PatchType.JSON_MERGE}, {@code patchStatus}) and strategic merge patch (the default of
 * {@code .patch(String)}). Merge patches remove keys set to {@code null} (RFC 7386), unlike fabric8's stock mock.
 * Strategic merge is approximated: lists Kubernetes merges by key (containers and env by name, volume mounts by
 * mount path, conditions by type, ...) are merged by that key, {@code $patch: delete} removes a list element,
 * finalizers are merged as a set; other lists are replaced. Server-side apply is answered with 415.
 */
final class Patches {

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"), Map.entry("ports", "containerPort"),
            Map.entry("imagePullSecrets", "name"), Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"), Map.entry("hostAliases", "ip"));

    private Patches() {}

    static ObjectNode apply(String contentType, byte[] body, ObjectNode target) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode result = switch (type) {
            case "application/json-patch+json" -> jsonPatch(Json.parse(body), target);
            case "application/merge-patch+json" -> mergePatch(target, Json.parseObject(body), false);
            case "application/strategic-merge-patch+json" -> mergePatch(target, Json.parseObject(body), true);
            default -> throw ApiError.unsupportedMediaType(type);
        };
        if (!(result instanceof ObjectNode object)) {
            throw ApiError.badRequest("the patch does not result in an object");
        }
        return object;
    }

    private static JsonNode jsonPatch(JsonNode patch, ObjectNode target) {
        try {
            return JsonPatch.apply(patch, target);
        } catch (RuntimeException e) {
            throw new ApiError(422, "Invalid", "the server rejected our request due to an error in our request: "
                    + e.getMessage(), "", "", List.of(), 0);
        }
    }

    /** RFC 7386 merge, or with {@code strategic} Kubernetes' list merging by key. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch, boolean strategic) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        if (strategic && "replace".equals(Json.text(patchObject, "$patch"))) {
            ObjectNode replacement = patchObject.deepCopy();
            replacement.remove("$patch");
            return replacement;
        }
        ObjectNode result = target instanceof ObjectNode object ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : patchObject.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                result.remove(key);
            } else if (strategic && value.isArray() && result.get(key) instanceof ArrayNode existing) {
                result.set(key, mergeList(key, existing, (ArrayNode) value));
            } else {
                result.set(key, mergePatch(result.get(key), value, strategic));
            }
        }
        return result;
    }

    private static ArrayNode mergeList(String field, ArrayNode existing, ArrayNode patch) {
        if (field.equals("finalizers")) {
            Set<JsonNode> union = new LinkedHashSet<>();
            existing.forEach(union::add);
            patch.forEach(union::add);
            ArrayNode merged = JsonNodeFactory.instance.arrayNode();
            union.forEach(merged::add);
            return merged;
        }
        String mergeKey = MERGE_KEYS.get(field);
        if (mergeKey == null) {
            return patch.deepCopy();
        }
        ArrayNode merged = existing.deepCopy();
        for (JsonNode element : patch) {
            String key = element.path(mergeKey).asText();
            int index = indexOf(merged, mergeKey, key);
            if ("delete".equals(Json.text(element, "$patch"))) {
                if (index >= 0) {
                    merged.remove(index);
                }
            } else if (index >= 0) {
                merged.set(index, mergePatch(merged.get(index), element, true));
            } else {
                merged.add(mergePatch(null, element, true));
            }
        }
        return merged;
    }

    private static int indexOf(ArrayNode list, String mergeKey, String key) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(mergeKey).asText().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
