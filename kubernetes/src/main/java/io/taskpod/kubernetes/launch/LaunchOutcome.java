package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a create result means for the launch, decided by {@link PodLauncher#settleReturned}. */
public sealed interface LaunchOutcome {

    LaunchId launch();

    default TaskInstanceKey key() {
        return launch().key();
    }

    /**
     * The pod exists and is this launch's: created now, or by an earlier attempt whose answer was lost.
     *
     * @param afterOutage its creates had found the API server unreachable before: the launch waited for an outage
     */
    record Launched(LaunchId launch, Pod pod, boolean alreadyExisted, boolean afterOutage) implements LaunchOutcome {
        public Launched {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /**
     * A retryable error: the create is queued again after {@code delay}.
     *
     * @param unreachable the API server could not be connected to ({@link CreateErrorDecision.Retry#unreachable()})
     */
    record Requeued(LaunchId launch, String reason, String progress, Duration delay, boolean unreachable)
            implements LaunchOutcome {
        public Requeued {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** The pod cannot be created: fail the launch's try with {@code message}. */
    record Failed(LaunchId launch, String message) implements LaunchOutcome {
        public Failed {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The launch was revoked while its create was in flight; the pod, if it was created, must go at once. */
    record CancelledWhileCreating(LaunchId launch, Optional<Pod> created) implements LaunchOutcome {
        public CancelledWhileCreating {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(created, "created");
        }
    }

    /** A result for a launch whose create is not in flight: nobody waits for it; log it and drop it. */
    record Unexpected(LaunchId launch, String what) implements LaunchOutcome {
        public Unexpected {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(what, "what");
        }
    }
}
