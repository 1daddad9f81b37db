package io.taskpod.testkit.kubernetes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The open watches; the store hands it every change (under the store's lock), and it fans them out. */
final class WatchRegistry implements Consumer<StoredEvent> {

    private final Set<WatchSession> sessions = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(StoredEvent event) {
        sessions.forEach(session -> session.offer(event));
    }

    void add(WatchSession session) {
        sessions.add(session);
    }

    void remove(WatchSession session) {
        sessions.remove(session);
    }

    int size() {
        return sessions.size();
    }

    void bookmarkAll(long version) {
        sessions.forEach(session -> session.bookmark(version));
    }

    /** Sends an ERROR event to every open watch and ends them all. */
    void failAll(ApiError error) {
        sessions.forEach(session -> {
            sessions.remove(session);
            session.fail(error);
        });
    }

    /** Cuts every open watch's connection. */
    void abortAll() {
        sessions.forEach(session -> {
            sessions.remove(session);
            session.abort();
        });
    }
}
