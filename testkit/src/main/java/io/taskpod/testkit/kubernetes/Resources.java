package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Create, get, update, patch and delete with an API server's semantics: server-set metadata, validation (422),
 * AlreadyExists (409), optimistic concurrency on a {@code metadata.resourceVersion} in the body or patch (409),
 * no-op writes that change nothing, status subresources that change only status, graceful deletion with
 * {@code deletionTimestamp} for pods bound to a node, finalizers, and the pod binding subresource.
 */
final class Resources {

    private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectStore store;
    private final Clock clock;
    private final boolean strictNamespaces;

    Resources(ObjectStore store, Clock clock, boolean strictNamespaces) {
        this.store = store;
        this.clock = clock;
        this.strictNamespaces = strictNamespaces;
    }

    ApiResponse get(ApiTarget target) {
        return ApiResponse.ok(store.get(target.key()).orElseThrow(() -> ApiError.notFound(target.type(),
                target.name())));
    }

    ApiResponse create(ApiTarget target, Map<String, String> query, byte[] body) {
        ObjectNode object = Json.parseObject(body);
        ResourceType type = target.type();
        checkKind(object, type);
        ObjectNode metadata = Json.metadata(object);
        if (type.namespaced()) {
            String namespace = Json.text(metadata, "namespace");
            if (!namespace.isEmpty() && !namespace.equals(target.namespace())) {
                throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on"
                        + " the request");
            }
            metadata.put("namespace", target.namespace());
        } else {
            metadata.remove("namespace");
        }
        if (!Json.text(metadata, "resourceVersion").isEmpty()) {
            throw new ApiError(500, "InternalError", "resourceVersion should not be set on objects to be created",
                    "", "", List.of(), 0);
        }
        if (Json.text(metadata, "name").isEmpty() && !Json.text(metadata, "generateName").isEmpty()) {
            metadata.put("name", Json.text(metadata, "generateName") + randomSuffix());
        }
        ObjectRules rules = ObjectRules.of(type);
        rules.prepareForCreate(object);
        String name = Json.text(metadata, "name");
        List<FieldCause> causes = rules.validate(object);
        if (!causes.isEmpty()) {
            throw ApiError.invalid(type, name, causes);
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", now());
        metadata.put("generation", 1);
        metadata.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields"));
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        ObjectKey key = target.key(name);
        return store.atomically(() -> {
            if (strictNamespaces && type.namespaced() && store.get(new ObjectKey(ResourceTypes.NAMESPACES, "",
                    target.namespace())).isEmpty()) {
                throw ApiError.notFound(ResourceTypes.NAMESPACES, target.namespace());
            }
            if (store.get(key).isPresent()) {
                throw ApiError.alreadyExists(type, name);
            }
            return ApiResponse.created(query.containsKey("dryRun") ? object : store.put(key, object));
        });
    }

    /** PUT: replaces the object, or with the status subresource only its status. */
    ApiResponse update(ApiTarget target, byte[] body) {
        ObjectNode object = Json.parseObject(body);
        String bodyName = Json.text(object, "metadata", "name");
        if (!bodyName.isEmpty() && !bodyName.equals(target.name())) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + target.name() + ")");
        }
        return store.atomically(() -> write(target, current(target), object));
    }

    /** PATCH: applies the patch to the current object, then stores it as an update would. */
    ApiResponse patch(ApiTarget target, String contentType, byte[] body) {
        return store.atomically(() -> {
            ObjectNode current = current(target);
            return write(target, current, Patches.apply(contentType, body, current.deepCopy()));
        });
    }

    ApiResponse delete(ApiTarget target, Map<String, String> query, byte[] body) {
        ObjectNode options = deleteOptions(query, body);
        return store.atomically(() -> ApiResponse.ok(delete(target.key(), current(target), options)));
    }

    ApiResponse deleteCollection(ApiTarget target, Map<String, String> query, byte[] body,
            LabelSelector labels, FieldSelector fields) {
        ObjectNode options = deleteOptions(query, body);
        return store.atomically(() -> {
            ObjectNode list = Json.object();
            list.put("kind", target.type().listKind());
            list.put("apiVersion", target.type().apiVersion());
            ArrayNode items = list.putArray("items");
            for (ObjectNode object : store.list(target.type(), target.namespace())) {
                if (labels.matches(Json.stringMap(object, "metadata", "labels")) && fields.matches(object)) {
                    items.add(delete(target.key(Json.text(object, "metadata", "name")), object, options));
                }
            }
            list.putObject("metadata").put("resourceVersion", Long.toString(store.currentVersion()));
            return ApiResponse.ok(list);
        });
    }

    /**
     * Binds a pod to a node (the scheduler's job): sets {@code spec.nodeName} and the {@code PodScheduled}
     * condition. A pod already bound or being deleted gets 409, so racing kubelets cannot both take a pod.
     */
    ApiResponse bind(ApiTarget podTarget, byte[] body) {
        ObjectNode binding = Json.parseObject(body);
        String node = Json.text(binding, "target", "name");
        if (node.isEmpty()) {
            throw ApiError.invalid(ResourceTypes.BINDINGS, podTarget.name(), List.of(FieldCause.required(
                    "target.name")));
        }
        return store.atomically(() -> {
            ObjectNode pod = current(podTarget).deepCopy();
            String bound = Json.text(pod, "spec", "nodeName");
            if (!bound.isEmpty()) {
                throw ApiError.conflict(ResourceTypes.PODS, podTarget.name() + "/binding", "pod "
                        + podTarget.name() + " is already assigned to node \"" + bound + "\"");
            }
            if (!Json.text(pod, "metadata", "deletionTimestamp").isEmpty()) {
                throw ApiError.conflict(ResourceTypes.PODS, podTarget.name() + "/binding", "pod "
                        + podTarget.name() + " is being deleted, cannot be assigned to a host");
            }
            ((ObjectNode) pod.get("spec")).put("nodeName", node);
            ObjectNode status = pod.get("status") instanceof ObjectNode existing ? existing : pod.putObject("status");
            setCondition(status, "PodScheduled", "True", "", now());
            store.put(podTarget.key(), pod);
            ObjectNode success = Json.object();
            success.put("kind", "Status").put("apiVersion", "v1").put("status", "Success").put("code", 201);
            success.putObject("metadata");
            return ApiResponse.created(success);
        });
    }

    private ApiResponse write(ApiTarget target, ObjectNode current, ObjectNode requested) {
        String currentVersion = Json.text(current, "metadata", "resourceVersion");
        String requestedVersion = Json.text(requested, "metadata", "resourceVersion");
        if (!requestedVersion.isEmpty() && !requestedVersion.equals(currentVersion)) {
            throw ApiError.conflict(target.type(), target.name());
        }
        String requestedUid = Json.text(requested, "metadata", "uid");
        String currentUid = Json.text(current, "metadata", "uid");
        if (!requestedUid.isEmpty() && !requestedUid.equals(currentUid)) {
            throw ApiError.conflict(target.type(), target.name(), "Precondition failed: UID in precondition: "
                    + requestedUid + ", UID in object meta: " + currentUid);
        }
        ObjectNode updated;
        if (target.subresource().equals("status")) {
            updated = current.deepCopy();
            JsonNode status = requested.get("status");
            if (status == null || status.isNull()) {
                updated.remove("status");
            } else {
                updated.set("status", status.deepCopy());
            }
        } else if (target.subresource().isEmpty()) {
            updated = requested.deepCopy();
            keepServerFields(updated, current, target.type());
        } else {
            throw ApiError.notFound("the server could not find the requested resource");
        }
        ObjectRules rules = ObjectRules.of(target.type());
        rules.applyDefaults(updated);
        List<FieldCause> causes = rules.validateUpdate(updated, current);
        if (!causes.isEmpty()) {
            throw ApiError.invalid(target.type(), target.name(), causes);
        }
        Json.metadata(updated).put("resourceVersion", currentVersion);
        if (updated.equals(current)) {
            return ApiResponse.ok(current);
        }
        if (!updated.path("spec").equals(current.path("spec"))) {
            Json.metadata(updated).put("generation", current.path("metadata").path("generation").asLong(1) + 1);
        }
        ObjectNode stored = store.put(target.key(), updated);
        if (finalized(stored)) {
            return ApiResponse.ok(store.remove(target.key()));
        }
        return ApiResponse.ok(stored);
    }

    private ObjectNode delete(ObjectKey key, ObjectNode current, ObjectNode options) {
        checkPreconditions(key, current, options.path("preconditions"));
        if (options.path("dryRun").size() > 0) {
            return current;
        }
        JsonNode requestedGrace = options.path("gracePeriodSeconds");
        long grace = ObjectRules.of(key.type()).gracePeriodSeconds(current,
                requestedGrace.isNumber() ? OptionalLong.of(requestedGrace.asLong()) : OptionalLong.empty());
        boolean finalizers = current.path("metadata").path("finalizers").size() > 0;
        ObjectNode metadata = (ObjectNode) current.path("metadata");
        if (metadata.hasNonNull("deletionTimestamp")) {
            long pendingGrace = metadata.path("deletionGracePeriodSeconds").asLong(0);
            if (grace == 0 && !finalizers) {
                return remove(key);
            }
            if (grace >= pendingGrace) {
                return current;
            }
        } else if (grace == 0 && !finalizers) {
            return remove(key);
        }
        ObjectNode terminating = current.deepCopy();
        Json.metadata(terminating).put("deletionTimestamp",
                Instant.now(clock).plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
        Json.metadata(terminating).put("deletionGracePeriodSeconds", grace);
        return store.put(key, terminating);
    }

    private ObjectNode remove(ObjectKey key) {
        if (key.type().equals(ResourceTypes.NAMESPACES)) {
            for (ResourceType type : ResourceTypes.all()) {
                if (type.namespaced()) {
                    for (ObjectNode object : store.list(type, key.name())) {
                        store.remove(new ObjectKey(type, key.name(), Json.text(object, "metadata", "name")));
                    }
                }
            }
        }
        return store.remove(key);
    }

    private ObjectNode current(ApiTarget target) {
        return store.get(target.key()).orElseThrow(() -> ApiError.notFound(target.type(), target.name()));
    }

    private static boolean finalized(ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        return metadata.hasNonNull("deletionTimestamp") && metadata.path("finalizers").isEmpty()
                && metadata.path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    private static void keepServerFields(ObjectNode updated, ObjectNode current, ResourceType type) {
        ObjectNode metadata = Json.metadata(updated);
        JsonNode old = current.path("metadata");
        for (String field : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "generation")) {
            if (old.has(field)) {
                metadata.set(field, old.get(field));
            } else {
                metadata.remove(field);
            }
        }
        updated.put("kind", type.kind());
        updated.put("apiVersion", type.apiVersion());
        if (type.hasStatus()) {
            if (current.has("status")) {
                updated.set("status", current.get("status"));
            } else {
                updated.remove("status");
            }
        }
        if (type.equals(ResourceTypes.PODS) && current.path("spec").hasNonNull("nodeName")
                && updated.get("spec") instanceof ObjectNode spec) {
            spec.set("nodeName", current.path("spec").get("nodeName"));
        }
    }

    private static void checkPreconditions(ObjectKey key, ObjectNode current, JsonNode preconditions) {
        String uid = Json.text(preconditions, "uid");
        String currentUid = Json.text(current, "metadata", "uid");
        if (!uid.isEmpty() && !uid.equals(currentUid)) {
            throw ApiError.conflict(key.type(), key.name(), "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + currentUid);
        }
        String version = Json.text(preconditions, "resourceVersion");
        String currentVersion = Json.text(current, "metadata", "resourceVersion");
        if (!version.isEmpty() && !version.equals(currentVersion)) {
            throw ApiError.conflict(key.type(), key.name(), "Precondition failed: ResourceVersion in precondition: "
                    + version + ", ResourceVersion in object meta: " + currentVersion);
        }
    }

    private static ObjectNode deleteOptions(Map<String, String> query, byte[] body) {
        ObjectNode options = body == null || body.length == 0 ? Json.object() : Json.parseObject(body);
        if (query.containsKey("gracePeriodSeconds")) {
            try {
                options.put("gracePeriodSeconds", Long.parseLong(query.get("gracePeriodSeconds")));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid gracePeriodSeconds: " + query.get("gracePeriodSeconds"));
            }
        }
        if (query.containsKey("dryRun")) {
            options.putArray("dryRun").add(query.get("dryRun"));
        }
        return options;
    }

    private static void checkKind(ObjectNode object, ResourceType type) {
        String kind = Json.text(object, "kind");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiError.badRequest("the kind of the body (" + kind + ") does not match the resource ("
                    + type.plural() + ")");
        }
    }

    static void setCondition(ObjectNode status, String type, String value, String reason, String now) {
        ArrayNode conditions = status.get("conditions") instanceof ArrayNode existing ? existing
                : status.putArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (Json.text(conditions.get(i), "type").equals(type)) {
                conditions.remove(i);
                break;
            }
        }
        ObjectNode condition = conditions.addObject();
        condition.put("type", type).put("status", value).put("lastTransitionTime", now);
        if (!reason.isEmpty()) {
            condition.put("reason", reason);
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(
                    NAME_SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
