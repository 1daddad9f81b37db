package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The test API server's storage, in the role etcd plays for Kubernetes: objects by key, one global
 * resourceVersion counter that increases with every change, and the {@link EventLog} of those changes. Every
 * change is handed to the watch fan-out while the store's lock is held, so watchers see changes in version
 * order. Stored objects are never mutated; callers put fresh copies.
 */
final class ObjectStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<ObjectKey, ObjectNode> objects = new TreeMap<>();
    private final EventLog log;
    private final Consumer<StoredEvent> onChange;
    private long version = 1;

    ObjectStore(EventLog log, Consumer<StoredEvent> onChange) {
        this.log = log;
        this.onChange = onChange;
    }

    /** Runs a read-modify-write sequence atomically with respect to all other store access. */
    <T> T atomically(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void atomically(Runnable work) {
        atomically(() -> {
            work.run();
            return null;
        });
    }

    Optional<ObjectNode> get(ObjectKey key) {
        return atomically(() -> Optional.ofNullable(objects.get(key)));
    }

    /** The objects of a type, in key order; {@code namespace} "" means all namespaces. */
    List<ObjectNode> list(ResourceType type, String namespace) {
        return atomically(() -> select(range(type), namespace));
    }

    /** The objects of a type as they were at {@code atVersion}, rebuilt by undoing the newer logged changes. */
    List<ObjectNode> listAt(ResourceType type, String namespace, long atVersion) {
        return atomically(() -> {
            if (!log.covers(atVersion)) {
                throw ApiError.gone("too old resource version: " + atVersion + " (" + (log.oldestResumable() + 1)
                        + ")");
            }
            NavigableMap<ObjectKey, ObjectNode> snapshot = new TreeMap<>(range(type));
            for (StoredEvent event : log.after(atVersion).reversed()) {
                if (event.key().type().equals(type)) {
                    switch (event.type()) {
                        case ADDED -> snapshot.remove(event.key());
                        case MODIFIED, DELETED -> snapshot.put(event.key(), event.previous().orElseThrow());
                    }
                }
            }
            return select(snapshot, namespace);
        });
    }

    /** Stores a new state of an object, giving it the next resourceVersion; returns the stored object. */
    ObjectNode put(ObjectKey key, ObjectNode object) {
        return atomically(() -> {
            long next = ++version;
            Json.metadata(object).put("resourceVersion", Long.toString(next));
            Optional<ObjectNode> previous = Optional.ofNullable(objects.put(key, object));
            StoredEvent.Type type = previous.isPresent() ? StoredEvent.Type.MODIFIED : StoredEvent.Type.ADDED;
            record(new StoredEvent(next, type, key, object, previous));
            return object;
        });
    }

    /** Removes an object; returns its last state carrying the deletion's resourceVersion. */
    ObjectNode remove(ObjectKey key) {
        return atomically(() -> {
            ObjectNode removed = objects.remove(key);
            if (removed == null) {
                throw ApiError.notFound(key.type(), key.name());
            }
            long next = ++version;
            ObjectNode last = removed.deepCopy();
            Json.metadata(last).put("resourceVersion", Long.toString(next));
            record(new StoredEvent(next, StoredEvent.Type.DELETED, key, last, Optional.of(removed)));
            return last;
        });
    }

    long currentVersion() {
        return atomically(() -> version);
    }

    EventLog log() {
        return log;
    }

    private void record(StoredEvent event) {
        log.append(event);
        onChange.accept(event);
    }

    private NavigableMap<ObjectKey, ObjectNode> range(ResourceType type) {
        return objects.subMap(new ObjectKey(type, "", ""), true, new ObjectKey(type, "\uffff", ""), false);
    }

    private static List<ObjectNode> select(NavigableMap<ObjectKey, ObjectNode> range, String namespace) {
        List<ObjectNode> result = new ArrayList<>();
        range.forEach((key, object) -> {
            if (namespace.isEmpty() || key.namespace().equals(namespace)) {
                result.add(object);
            }
        });
        return result;
    }
}
