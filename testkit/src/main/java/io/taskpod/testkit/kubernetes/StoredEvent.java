package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One change in the event log: the version it was made at, what happened, and the object after and before
 * it. For a deletion {@code object} is the last state carrying the deletion's version, as Kubernetes sends it.
 */
record StoredEvent(long version, Type type, ObjectKey key, ObjectNode object, Optional<ObjectNode> previous) {

    /** The watch event types a change can produce. */
    enum Type { ADDED, MODIFIED, DELETED }
}
