package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one create call returned, reported from a create thread to the scheduler thread. */
public sealed interface CreateResult {

    LaunchId launch();

    /** How long the call (and, after a 409, the look at the existing pod) took. */
    Duration latency();

    /** The API server created the pod. */
    record Created(LaunchId launch, Pod pod, Duration latency) implements CreateResult {
        public Created {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** 409 AlreadyExists for the pod's name; {@code existing} is the pod found there (empty: gone again since). */
    record AlreadyExists(LaunchId launch, Optional<Pod> existing, Duration latency) implements CreateResult {
        public AlreadyExists {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(existing, "existing");
        }
    }

    /** Any other error: an API error with its status, or a transport failure. */
    record Error(LaunchId launch, Throwable error, Duration latency) implements CreateResult {
        public Error {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The launch was revoked after its create was started but before it was sent: nothing reached the API server. */
    record NotSent(LaunchId launch, Duration latency) implements CreateResult {
        public NotSent {
            Objects.requireNonNull(launch, "launch");
        }
    }
}
