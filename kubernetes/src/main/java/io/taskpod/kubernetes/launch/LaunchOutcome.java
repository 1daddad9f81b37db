package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a create result means for the task, decided by {@link PodLauncher#onResult}. */
public sealed interface LaunchOutcome {

    TaskInstanceKey key();

    /** The pod exists and is this try's: created now, or by an earlier attempt whose answer was lost. */
    record Launched(TaskInstanceKey key, Pod pod, boolean alreadyExisted) implements LaunchOutcome {
        public Launched {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /**
     * A retryable error: the create is queued again after {@code delay}.
     *
     * @param unreachable the API server could not be connected to ({@link CreateErrorDecision.Retry#unreachable()})
     */
    record Requeued(TaskInstanceKey key, String reason, String progress, Duration delay, boolean unreachable)
            implements LaunchOutcome {
        public Requeued {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** The pod cannot be created: fail the task with {@code message}. */
    record Failed(TaskInstanceKey key, String message) implements LaunchOutcome {
        public Failed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The task was revoked while its create was in flight; the pod, if it was created, must go. */
    record CancelledWhileCreating(TaskInstanceKey key, Optional<Pod> created) implements LaunchOutcome {
        public CancelledWhileCreating {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(created, "created");
        }
    }
}
