package io.taskpod.core.retry;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Airflow's retry rule: try {@code n} of a task instance is retried while {@code n <= max_tries}, where
 * {@code max_tries} is the task's {@code retries}, counted again from the try at which a user cleared the task
 * instance. The delay is {@code retry_delay}, doubled per try with {@code retry_exponential_backoff}, capped by
 * {@code max_retry_delay}.
 */
public final class RetryPolicy {

    private RetryPolicy() {}

    /** What a failed try becomes, and when the next try may be scheduled. */
    public record Decision(TaskState state, Optional<Instant> nextRetryAt) {}

    public static Decision onFailure(int tryNumber, int maxTries, Duration retryDelay, boolean exponentialBackoff,
            Optional<Duration> maxRetryDelay, Instant now) {
        if (tryNumber > maxTries) {
            return new Decision(TaskState.FAILED, Optional.empty());
        }
        Duration delay = retryDelay;
        if (exponentialBackoff) {
            int doublings = Math.min(Math.max(tryNumber - 1, 0), 30);
            delay = retryDelay.multipliedBy(1L << doublings);
        }
        if (maxRetryDelay.isPresent() && delay.compareTo(maxRetryDelay.get()) > 0) {
            delay = maxRetryDelay.get();
        }
        return new Decision(TaskState.UP_FOR_RETRY, Optional.of(now.plus(delay)));
    }

    /**
     * The rule with the task's delays, for a task instance whose stored {@code max_tries} is {@code maxTries}; a DAG
     * file that raised the task's {@code retries} since counts with the higher number.
     */
    public static Decision onFailure(TaskDefinition task, int tryNumber, int maxTries, Instant now) {
        return onFailure(tryNumber, Math.max(maxTries, task.retries()), task.retryDelay(), task.retryExponentialBackoff(),
                task.maxRetryDelay(), now);
    }
}
