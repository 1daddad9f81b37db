package io.taskpod.kubernetes.adoption;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** How relabelling a pod to this scheduler went. */
public sealed interface Relabel {

    /** The pod is this scheduler's now; {@code pod} is as the API server returned it. */
    record Adopted(Pod pod) implements Relabel {
        public Adopted {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** Another scheduler relabelled it first (or it is no longer the dead scheduler's): do not adopt. */
    record LostRace(String owner) implements Relabel {
        public LostRace {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** The pod is gone. */
    record Gone() implements Relabel {}
}
