package io.taskpod.core.retry;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Airflow's retry rule: try {@code n} of a task with {@code retries = r} is retried while {@code n <= r}. The
 * delay is {@code retry_delay}, doubled per try with {@code retry_exponential_backoff}, capped by
 * {@code max_retry_delay}.
 */
public final class RetryPolicy {

    private RetryPolicy() {}

    /** What a failed try becomes, and when the next try may be scheduled. */
    public record Decision(TaskState state, Optional<Instant> nextRetryAt) {}

    public static Decision onFailure(int tryNumber, int retries, Duration retryDelay, boolean exponentialBackoff,
            Optional<Duration> maxRetryDelay, Instant now) {
        if (tryNumber > retries) {
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

    public static Decision onFailure(TaskDefinition task, int tryNumber, Instant now) {
        return onFailure(tryNumber, task.retries(), task.retryDelay(), task.retryExponentialBackoff(),
                task.maxRetryDelay(), now);
    }
}
