package io.taskpod.kubernetes.launch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a failed pod create means for the launch. */
public sealed interface CreateErrorDecision {

    /** 409 AlreadyExists for the pod's own deterministic name: an earlier attempt created it; count it as launched. */
    record AlreadyLaunched(String podName) implements CreateErrorDecision {
        public AlreadyLaunched {
            Objects.requireNonNull(podName, "podName");
        }
    }

    /**
     * A transient error: try again (within {@code task_publish_max_retries}, see {@link PublishRetryPolicy}).
     *
     * @param retryAfter what the server asked for (Retry-After), if anything
     * @param pauseAllCreates the API server is throttling (429, or a Retry-After): hold every create for
     *     {@code retryAfter}, not just this one ({@link TokenBucket#pauseFor})
     */
    record Retry(String reason, Optional<Duration> retryAfter, boolean pauseAllCreates) implements CreateErrorDecision {
        public Retry {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** A permanent error: fail the task at once with the API server's message. */
    record Fail(String message) implements CreateErrorDecision {
        public Fail {
            Objects.requireNonNull(message, "message");
        }
    }
}
