package io.taskpod.core.port;

import java.util.Optional;

/** Persists the last Kubernetes resourceVersion a scheduler has processed per watched namespace. */
public interface ResourceVersionStore {

    /** The namespace key used for a cluster-wide watch. */
    String ALL_NAMESPACES = "*";

    Optional<String> load(String schedulerId, String namespace);

    void save(String schedulerId, String namespace, String resourceVersion);
}
