package io.taskpod.testkit.kubernetes;

import java.util.Set;

/**
 * A kind of object the test API server serves: where it lives in the URL space, its kind, whether it is
 * namespaced, whether it has a status subresource, and which field labels a field selector may use.
 */
record ResourceType(String group, String version, String plural, String kind, boolean namespaced,
        boolean hasStatus, Set<String> fieldLabels) {

    /** Field labels every kind supports. */
    static final Set<String> OBJECT_META_FIELDS = Set.of("metadata.name", "metadata.namespace");

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    String listKind() {
        return kind + "List";
    }
}
