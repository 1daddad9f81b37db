package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler keeps of a task instance to resolve dependencies and finish runs: its current try, its state
 * and, when it waits for a retry, when that is due.
 */
public record TaskInstanceStatus(TaskInstanceKey key, TaskState state, Optional<Instant> nextRetryAt) {

    public TaskInstanceStatus {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextRetryAt, "nextRetryAt");
    }
}
