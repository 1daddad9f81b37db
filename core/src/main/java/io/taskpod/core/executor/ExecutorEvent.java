package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.Objects;
import java.util.Optional;

/**
 * What an executor tells the scheduler about one try: {@code QUEUED} (info = where it was handed, stored as
 * the external executor id), {@code RUNNING}, or a finished state ({@code SUCCESS}, {@code FAILED}, or the
 * state the worker recorded) with a human-readable reason.
 */
public record ExecutorEvent(TaskInstanceKey key, TaskState state, Optional<String> info) {

    public ExecutorEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(info, "info");
    }

    public static ExecutorEvent of(TaskInstanceKey key, TaskState state, String info) {
        return new ExecutorEvent(key, state, Optional.ofNullable(info));
    }
}
