package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON helpers over Jackson's tree model, the form in which the test API server keeps every object. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses a request body that must be a JSON object; anything else is a 400 like a real API server's. */
    static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.badRequest("the request body is empty");
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getMessage());
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The text at a path of object keys, or "" when any step is missing or not a value. */
    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String key : path) {
            if (current == null || !current.isObject()) {
                return "";
            }
            current = current.get(key);
        }
        return current == null || current.isNull() || current.isContainerNode() ? "" : current.asText();
    }

    /** The object at a path of keys, or an empty object when missing. */
    static ObjectNode objectAt(JsonNode node, String... path) {
        JsonNode current = node;
        for (String key : path) {
            if (current == null || !current.isObject()) {
                return object();
            }
            current = current.get(key);
        }
        return current instanceof ObjectNode object ? object : object();
    }

    /** The string map at a path of keys (labels, annotations, data), empty when missing. */
    static Map<String, String> stringMap(JsonNode node, String... path) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : objectAt(node, path).properties()) {
            map.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText());
        }
        return map;
    }

    /** The metadata object of a stored object, created when missing (the object must be a private copy). */
    static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode existing) {
            return existing;
        }
        return object.putObject("metadata");
    }
}
