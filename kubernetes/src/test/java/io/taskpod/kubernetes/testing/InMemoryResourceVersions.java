package io.taskpod.kubernetes.testing;

import io.taskpod.core.port.ResourceVersionStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The resourceVersion store as a map; remembers every save for assertions. */
public final class InMemoryResourceVersions implements ResourceVersionStore {

    private final Map<String, String> versions = new ConcurrentHashMap<>();
    public final List<String> saves = new CopyOnWriteArrayList<>();

    @Override
    public Optional<String> load(String schedulerId, String namespace) {
        return Optional.ofNullable(versions.get(schedulerId + "|" + namespace));
    }

    @Override
    public void save(String schedulerId, String namespace, String resourceVersion) {
        versions.put(schedulerId + "|" + namespace, resourceVersion);
        saves.add(schedulerId + "|" + namespace + "=" + resourceVersion);
    }
}
