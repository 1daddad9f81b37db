package io.taskpod.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request body: a JSON object sent as {@code application/json} (which a page of another site cannot send without
 * asking first, so no other site can make a user's browser change anything), with known fields only. Each accessor
 * answers a 400 naming the field and what it expects.
 */
final class ApiBody {

    private final JsonNode node;

    private ApiBody(JsonNode node) {
        this.node = node;
    }

    /**
     * The body as a JSON object; an empty body is an empty object.
     *
     * @param fields the fields it may have
     * @param what what the body is, for messages, e.g. "a JSON object with optional run_id and conf"
     */
    static ApiBody of(Context ctx, ObjectMapper json, Set<String> fields, String what) {
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!contentType.toLowerCase().startsWith("application/json")) {
            throw ApiError.unsupportedMediaType("send the body as Content-Type: application/json (" + what
                    + "), got '" + ApiText.quote(contentType) + "'");
        }
        String body = ctx.body();
        if (body.isBlank()) {
            return new ApiBody(json.createObjectNode());
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("body", "the body must be " + what + ", got " + node.getNodeType().name()
                    .toLowerCase());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiError.badRequest(ApiText.quote(name), "unknown field '" + ApiText.quote(name) + "'; expected "
                        + String.join(", ", fields.stream().sorted().toList()));
            }
        }
        return new ApiBody(node);
    }

    private Optional<JsonNode> value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    Optional<Boolean> bool(String name) {
        return value(name).map(value -> {
            if (!value.isBoolean()) {
                throw ApiError.badRequest(name, name + " must be true or false, got " + ApiText.quote(value.toString()));
            }
            return value.booleanValue();
        });
    }

    /** A non-empty string. */
    Optional<String> text(String name) {
        return value(name).map(value -> {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw ApiError.badRequest(name, name + " must be a non-empty string, got "
                        + ApiText.quote(value.toString()));
            }
            return value.asText();
        });
    }

    /** A string that is one of {@code allowed}. */
    Optional<String> oneOf(String name, List<String> allowed) {
        return text(name).map(value -> {
            if (!allowed.contains(value)) {
                throw ApiError.badRequest(name, name + " must be one of " + allowed + ", got '" + ApiText.quote(value)
                        + "'");
            }
            return value;
        });
    }

    /** An ISO-8601 instant with an offset, e.g. {@code 2025-01-01T00:00:00Z}. */
    Optional<Instant> instant(String name) {
        return text(name).map(value -> {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest(name, name + " must be an ISO-8601 date and time with an offset, e.g. "
                        + "2025-01-01T00:00:00Z, got '" + ApiText.quote(value) + "'");
            }
        });
    }

    /** A list of non-empty strings; empty when absent. */
    List<String> texts(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw ApiError.badRequest(name, name + " must be a list of strings, got " + ApiText.quote(value.get().toString()));
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiError.badRequest(name, name + " must hold non-empty strings, got " + ApiText.quote(item.toString()));
            }
            items.add(item.asText());
        }
        return items;
    }

    /** A JSON object, as its text. */
    Optional<String> object(String name) {
        return value(name).map(value -> {
            if (!value.isObject()) {
                throw ApiError.badRequest(name, name + " must be a JSON object, e.g. {\"key\": \"value\"}; got "
                        + ApiText.quote(value.toString()));
            }
            return value.toString();
        });
    }
}
