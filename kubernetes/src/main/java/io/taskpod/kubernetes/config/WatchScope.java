package io.taskpod.kubernetes.config;

import java.util.List;

/** Which namespaces the executor creates pods in and watches: one, a list, or the whole cluster. */
public sealed interface WatchScope {

    /** True when a pod in {@code namespace} is seen by the executor's watches. */
    boolean covers(String namespace);

    /** multi_namespace_mode off: pods only in {@code [kubernetes_executor] namespace}. */
    record SingleNamespace(String namespace) implements WatchScope {
        @Override
        public boolean covers(String other) {
            return namespace.equals(other);
        }
    }

    /** multi_namespace_mode with multi_namespace_mode_namespace_list: one watch per listed namespace. */
    record NamespaceList(List<String> namespaces) implements WatchScope {
        public NamespaceList {
            namespaces = List.copyOf(namespaces);
        }

        @Override
        public boolean covers(String other) {
            return namespaces.contains(other);
        }
    }

    /** multi_namespace_mode without a list: one cluster-wide watch (needs a ClusterRole). */
    record AllNamespaces() implements WatchScope {
        @Override
        public boolean covers(String other) {
            return true;
        }
    }
}
