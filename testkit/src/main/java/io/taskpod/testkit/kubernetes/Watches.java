package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

/**
 * Opens watches with Kubernetes' resourceVersion semantics: from "" or "0" the current objects arrive as ADDED;
 * from a version the event log covers, exactly the changes after it are replayed; from an older one the watch
 * gets 410 Expired (an ERROR event on the stream, or with {@code goneAsHttpError} an HTTP 410 for the request).
 * Replay and registration happen under the store's lock, so no change is missed or sent twice.
 */
final class Watches {

    private final ObjectStore store;
    private final WatchRegistry registry;
    private final Vertx vertx;
    private final boolean goneAsHttpError;

    Watches(ObjectStore store, WatchRegistry registry, Vertx vertx, boolean goneAsHttpError) {
        this.store = store;
        this.registry = registry;
        this.vertx = vertx;
        this.goneAsHttpError = goneAsHttpError;
    }

    /** Checks the requested version before a watch is accepted; throws the 400 or HTTP 410 a real server gives. */
    void checkVersion(String resourceVersion) {
        long version = parse(resourceVersion);
        if (goneAsHttpError && version > 0 && !store.atomically(() -> store.log().covers(version))) {
            throw tooOld(version);
        }
    }

    /**
     * Replays and registers a watch. With {@code sendInitialEvents} (the WatchList protocol) the current objects
     * come as ADDED whatever the version, followed by a BOOKMARK annotated {@code k8s.io/initial-events-end}.
     */
    void open(WatchSession session, String resourceVersion, boolean sendInitialEvents, long timeoutSeconds) {
        long version = parse(resourceVersion);
        store.atomically(() -> {
            if (version == 0 || sendInitialEvents) {
                for (ObjectNode object : store.list(session.type(), session.namespace())) {
                    session.sendInitial(object);
                }
                if (sendInitialEvents) {
                    session.initialEventsEnd(store.currentVersion());
                }
            } else if (!store.log().covers(version)) {
                session.fail(tooOld(version));
                return;
            } else {
                store.log().after(version).forEach(session::offer);
            }
            registry.add(session);
        });
        if (timeoutSeconds > 0) {
            vertx.setTimer(timeoutSeconds * 1000, timer -> close(session));
        }
    }

    void close(WatchSession session) {
        registry.remove(session);
        session.end();
    }

    private ApiError tooOld(long version) {
        return ApiError.gone("too old resource version: " + version + " ("
                + (store.atomically(() -> store.log().oldestResumable()) + 1) + ")");
    }

    private static long parse(String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid resource version: " + resourceVersion);
        }
    }
}
