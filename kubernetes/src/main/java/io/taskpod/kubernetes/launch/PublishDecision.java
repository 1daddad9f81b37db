package io.taskpod.kubernetes.launch;

import java.time.Duration;
import java.util.Objects;

/** Whether a create that failed with a retryable error is tried again, and when. */
public sealed interface PublishDecision {

    /**
     * Queue the create again after {@code delay}.
     *
     * @param retry how many of the {@code task_publish_max_retries} this create has used once queued again
     * @param progress for the log, e.g. {@code [Try 2 of 3]} or {@code [Try 7 of unlimited]}
     */
    record RetryIn(Duration delay, int retry, String progress) implements PublishDecision {
        public RetryIn {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(progress, "progress");
        }
    }

    /** Retries are used up: fail the task with {@code reason}. */
    record GiveUp(String reason) implements PublishDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
