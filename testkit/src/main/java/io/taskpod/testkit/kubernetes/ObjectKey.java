package io.taskpod.testkit.kubernetes;

import java.util.Comparator;

/** Identity of a stored object: type, namespace ("" when cluster-scoped) and name; ordered like etcd keys. */
record ObjectKey(ResourceType type, String namespace, String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER = Comparator
            .comparing((ObjectKey key) -> key.type.group())
            .thenComparing(key -> key.type.plural())
            .thenComparing(ObjectKey::namespace)
            .thenComparing(ObjectKey::name);

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }
}
