package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One open watch: what it selects and where its events go. It turns stored changes into the events this
 * watcher should see, like Kubernetes' watch cache does: an object that stops matching the selectors arrives as
 * DELETED (its previous state at the new version), one that starts matching as ADDED.
 */
final class WatchSession {

    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final boolean bookmarks;
    private final WatchStream stream;

    WatchSession(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, boolean bookmarks,
            WatchStream stream) {
        this.type = type;
        this.namespace = namespace;
        this.labels = labels;
        this.fields = fields;
        this.bookmarks = bookmarks;
        this.stream = stream;
    }

    ResourceType type() {
        return type;
    }

    String namespace() {
        return namespace;
    }

    /** Sends what this watcher should see of a change, if anything. */
    void offer(StoredEvent event) {
        if (!event.key().type().equals(type)
                || !(namespace.isEmpty() || namespace.equals(event.key().namespace()))) {
            return;
        }
        boolean before = event.previous().map(this::matches).orElse(false);
        boolean now = matches(event.object());
        switch (event.type()) {
            case ADDED -> {
                if (now) {
                    send("ADDED", event.object());
                }
            }
            case MODIFIED -> {
                if (before && now) {
                    send("MODIFIED", event.object());
                } else if (now) {
                    send("ADDED", event.object());
                } else if (before) {
                    ObjectNode left = event.previous().orElseThrow().deepCopy();
                    Json.metadata(left).put("resourceVersion", Long.toString(event.version()));
                    send("DELETED", left);
                }
            }
            case DELETED -> {
                if (before) {
                    send("DELETED", event.object());
                }
            }
        }
    }

    /** Sends an object of the current state as ADDED, for a watch that starts from "now". */
    void sendInitial(ObjectNode object) {
        if (matches(object)) {
            send("ADDED", object);
        }
    }

    void bookmark(long version) {
        if (bookmarks) {
            send("BOOKMARK", bookmarkObject(version));
        }
    }

    /** The bookmark that ends the initial events of a WatchList request. */
    void initialEventsEnd(long version) {
        ObjectNode object = bookmarkObject(version);
        ((ObjectNode) object.get("metadata")).putObject("annotations").put("k8s.io/initial-events-end", "true");
        send("BOOKMARK", object);
    }

    private ObjectNode bookmarkObject(long version) {
        ObjectNode object = Json.object();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", Long.toString(version));
        return object;
    }

    /** Sends an ERROR event carrying the Status of {@code error}, then ends the stream, as Kubernetes does. */
    void fail(ApiError error) {
        send("ERROR", error.toStatus());
        stream.end();
    }

    void end() {
        stream.end();
    }

    void abort() {
        stream.abort();
    }

    private boolean matches(ObjectNode object) {
        return labels.matches(Json.stringMap(object, "metadata", "labels")) && fields.matches(object);
    }

    private void send(String eventType, ObjectNode object) {
        ObjectNode event = Json.object();
        event.put("type", eventType);
        event.set("object", object);
        stream.send(Json.write(event));
    }
}
