package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;

/**
 * Pods as JSON trees and back. Layers are merged as trees, because a typed {@link Pod} cannot tell an explicit
 * empty list in an override from an absent one; trees are converted to {@link Pod} with fabric8's serialization,
 * and conversion errors are reported with the field path and the offending value.
 */
final class PodTrees {

    static final ObjectMapper JSON = new ObjectMapper();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private PodTrees() {}

    /** Plain data (maps, lists, strings, numbers, booleans) as a tree. */
    static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }

    /** The tree as a typed pod, or empty with the problems recorded under {@code prefix}. */
    static Optional<Pod> toPod(ObjectNode tree, String prefix, FieldProblems problems) {
        try {
            return Optional.of(SERIALIZATION.convertValue(tree, Pod.class));
        } catch (IllegalArgumentException e) {
            JsonMappingException mapping = findMappingException(e);
            if (mapping == null) {
                problems.add(prefix, "not a valid pod: " + e.getMessage());
                return Optional.empty();
            }
            String path = path(mapping.getPath());
            JsonNode got = at(tree, mapping.getPath());
            problems.add(join(prefix, path), "expected " + expectation(mapping) + ", got " + describe(got));
            return Optional.empty();
        }
    }

    static String join(String prefix, String path) {
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    private static JsonMappingException findMappingException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping) {
                return mapping;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> references) {
        JsonNode node = tree;
        for (JsonMappingException.Reference reference : references) {
            if (node == null) {
                return null;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName()) : node.get(reference.getIndex());
        }
        return node;
    }

    private static String expectation(JsonMappingException mapping) {
        String message = String.valueOf(mapping.getOriginalMessage());
        if (message.contains("java.lang.Integer") || message.contains("`int`") || message.contains("java.lang.Long")) {
            return "a whole number";
        }
        if (message.contains("java.lang.Boolean") || message.contains("`boolean`")) {
            return "true or false";
        }
        if (message.contains("java.util.List") || message.contains("java.util.ArrayList")) {
            return "a list";
        }
        if (message.contains("java.util.Map") || message.contains("java.util.LinkedHashMap")) {
            return "a mapping";
        }
        if (message.contains("java.lang.String")) {
            return "a string";
        }
        if (message.contains("io.fabric8")) {
            return "a mapping";
        }
        return "a different kind of value";
    }

    static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }
}
