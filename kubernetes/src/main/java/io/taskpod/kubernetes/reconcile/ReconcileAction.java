package io.taskpod.kubernetes.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.Objects;

/** One difference between a pod list and the tries the executor owns, and what to do about it. */
public sealed interface ReconcileAction {

    /** A try's own pod: classify it as if it were a watch event (late terminal states, pending timeout). */
    record Observe(TaskInstanceKey key, Pod pod, boolean terminal) implements ReconcileAction {
        public Observe {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** A try whose pod was created but is missing from the list past the launch grace period: fail it as lost. */
    record Lost(TrackedPod expected) implements ReconcileAction {
        public Lost {
            Objects.requireNonNull(expected, "expected");
        }
    }

    /** A pod of a try the executor owns, but of another launch than the one it tracks: stop it. */
    record Stale(Pod pod, PodIdentity identity) implements ReconcileAction {
        public Stale {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A pod of this scheduler for a try the executor does not own: ask the database ({@link UnknownPodDecision}). */
    record Unknown(Pod pod, PodIdentity identity) implements ReconcileAction {
        public Unknown {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(identity, "identity");
        }
    }
}
