package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one create call returned, reported from a create thread to the scheduler thread. */
public sealed interface CreateResult {

    TaskInstanceKey key();

    /** How long the call (and, after a 409, the look at the existing pod) took. */
    Duration latency();

    /** The API server created the pod. */
    record Created(TaskInstanceKey key, Pod pod, Duration latency) implements CreateResult {
        public Created {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** 409 AlreadyExists for the pod's name; {@code existing} is the pod found there (empty: gone again since). */
    record AlreadyExists(TaskInstanceKey key, Optional<Pod> existing, Duration latency) implements CreateResult {
        public AlreadyExists {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(existing, "existing");
        }
    }

    /** Any other error: an API error with its status, or a transport failure. */
    record Error(TaskInstanceKey key, Throwable error, Duration latency) implements CreateResult {
        public Error {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(error, "error");
        }
    }
}
