package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LIST with an API server's semantics: label and field selectors, the list's resourceVersion, and
 * {@code limit}/{@code continue} pagination over a consistent snapshot (every page is read at the first page's
 * version, rebuilt from the event log; a token older than the log gets 410 Expired, as after etcd compaction).
 */
final class Lists {

    private final ObjectStore store;

    Lists(ObjectStore store) {
        this.store = store;
    }

    ApiResponse list(ApiTarget target, Map<String, String> query, LabelSelector labels, FieldSelector fields) {
        long limit = parseLong(query.getOrDefault("limit", "0"), "limit");
        Optional<Continue> from = Optional.ofNullable(query.get("continue")).filter(token -> !token.isEmpty())
                .map(Continue::decode);
        return store.atomically(() -> {
            long version;
            List<ObjectNode> objects;
            if (from.isPresent()) {
                if (!store.log().covers(from.get().version())) {
                    throw ApiError.gone("The provided continue parameter is too old to display a consistent list"
                            + " result. You can start a new list without the continue parameter.");
                }
                version = from.get().version();
                objects = store.listAt(target.type(), target.namespace(), version);
            } else if ("Exact".equals(query.get("resourceVersionMatch"))) {
                version = parseLong(query.getOrDefault("resourceVersion", ""), "resourceVersion");
                objects = store.listAt(target.type(), target.namespace(), version);
            } else {
                version = store.currentVersion();
                objects = store.list(target.type(), target.namespace());
            }
            ObjectNode list = Json.object();
            list.put("kind", target.type().listKind());
            list.put("apiVersion", target.type().apiVersion());
            ObjectNode metadata = list.putObject("metadata");
            metadata.put("resourceVersion", Long.toString(version));
            ArrayNode items = list.putArray("items");
            ObjectKey last = null;
            int remaining = 0;
            for (ObjectNode object : objects) {
                ObjectKey position = new ObjectKey(target.type(), Json.text(object, "metadata", "namespace"),
                        Json.text(object, "metadata", "name"));
                if (from.map(token -> position.compareTo(token.after(target.type())) <= 0).orElse(false)
                        || !labels.matches(Json.stringMap(object, "metadata", "labels")) || !fields.matches(object)) {
                    continue;
                }
                if (limit > 0 && items.size() >= limit) {
                    remaining++;
                } else {
                    items.add(object);
                    last = position;
                }
            }
            if (remaining > 0 && last != null) {
                metadata.put("continue", new Continue(version, last).encode());
                metadata.put("remainingItemCount", remaining);
            }
            return ApiResponse.ok(list);
        });
    }

    private static long parseLong(String value, String parameter) {
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid " + parameter + ": " + value);
        }
    }

    /** A continue token: the version the list is read at and the last namespace and name returned. */
    private record Continue(long version, String namespace, String name) {
        Continue(long version, ObjectKey last) {
            this(version, last.namespace(), last.name());
        }

        ObjectKey after(ResourceType type) {
            return new ObjectKey(type, namespace, name);
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((version + "|" + namespace + "|" + name)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Continue decode(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                        .split("\\|", 3);
                return new Continue(Long.parseLong(parts[0]), parts[1], parts[2]);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ApiError.badRequest("continue key is not valid: " + token);
            }
        }
    }
}
