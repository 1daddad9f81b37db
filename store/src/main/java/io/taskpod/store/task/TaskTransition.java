package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the transition log: a task instance changed state (or started a new try).
 *
 * @param from empty for the row's creation
 * @param changedBy the scheduler id, worker or tool that made the change
 */
public record TaskTransition(long id, TaskInstanceId taskInstance, int tryNumber, Optional<TaskState> from,
        TaskState to, Optional<String> changedBy, Optional<String> reason, Instant changedAt) {}
