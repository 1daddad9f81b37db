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
     * A transient error: try again (within {@code task_publish_max_retries} unless the API server could not be
     * reached at all, see {@link PublishRetryPolicy}).
     *
     * @param retryAfter what the server asked for (Retry-After), if anything
     * @param pauseAllCreates the API server is throttling (429, or a Retry-After): hold every create for
     *     {@code retryAfter}, not just this one ({@link TokenBucket#pauseFor})
     * @param unreachable no connection to the API server at all (refused, no route, connect timeout): an outage
     *     of the control plane, not a verdict on this pod, and the create was never sent
     */
    record Retry(String reason, Optional<Duration> retryAfter, boolean pauseAllCreates, boolean unreachable)
            implements CreateErrorDecision {
        public Retry {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** An error the API server answered with. */
        public Retry(String reason, Optional<Duration> retryAfter, boolean pauseAllCreates) {
            this(reason, retryAfter, pauseAllCreates, false);
        }

        /** No connection to the API server: the create was never sent. */
        public static Retry unreachable(String reason) {
            return new Retry(reason, Optional.empty(), false, true);
        }
    }

    /** A permanent error: fail the task at once with the API server's message. */
    record Fail(String message) implements CreateErrorDecision {
        public Fail {
            Objects.requireNonNull(message, "message");
        }
    }
}
