package io.taskpod.kubernetes.api;

import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.kubernetes.config.WatchScope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the executor lists and watches pods: one namespace, or every namespace (cluster-wide). {@link #key()} names
 * the scope in the {@link ResourceVersionStore}: the namespace, or {@code "*"} for the whole cluster.
 */
public record PodScope(Optional<String> namespace) {

    public PodScope {
        Objects.requireNonNull(namespace, "namespace");
    }

    public static PodScope namespace(String namespace) {
        return new PodScope(Optional.of(namespace));
    }

    public static PodScope allNamespaces() {
        return new PodScope(Optional.empty());
    }

    /** The scopes a {@link WatchScope} watches: its namespace, each listed namespace, or the whole cluster. */
    public static List<PodScope> of(WatchScope scope) {
        return switch (scope) {
            case WatchScope.SingleNamespace single -> List.of(namespace(single.namespace()));
            case WatchScope.NamespaceList list -> list.namespaces().stream().map(PodScope::namespace).toList();
            case WatchScope.AllNamespaces all -> List.of(allNamespaces());
        };
    }

    /** The resourceVersion store's key for this scope. */
    public String key() {
        return namespace.orElse(ResourceVersionStore.ALL_NAMESPACES);
    }

    /** True when a pod in {@code podNamespace} is seen through this scope. */
    public boolean covers(String podNamespace) {
        return namespace.map(podNamespace::equals).orElse(true);
    }

    @Override
    public String toString() {
        return namespace.map(n -> "namespace " + n).orElse("all namespaces");
    }
}
