package io.taskpod.kubernetes.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.core.config.ValueParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses JSON-valued keys ({@code kube_client_request_args}, {@code delete_option_kwargs},
 * {@code api_client_retry_configuration}): an empty value is an empty object, anything but a JSON object is
 * rejected, so {@link io.taskpod.core.config.Config} reports the key, its value and "expected a JSON object".
 */
final class JsonObjectParser implements ValueParser<Map<String, Object>> {

    private final String example;

    JsonObjectParser(String example) {
        this.example = example;
    }

    @Override
    public Map<String, Object> parse(String raw) {
        if (raw.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = Mapper.JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a JSON object, e.g. " + example + " (not valid JSON: "
                    + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a JSON object, e.g. " + example + " (got a JSON "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)) + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Mapper.JSON.convertValue(node, LinkedHashMap.class);
        return Collections.unmodifiableMap(map);
    }

    /** Created on the first non-empty value: every JVM reads these keys, few have a value to parse. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
