package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A task instance leaving a waiting state because of its upstreams: to {@code scheduled} (the try number goes
 * up by one) or straight to {@code upstream_failed}, {@code skipped} or {@code removed} without running.
 *
 * @param key the task instance with its current try number, which the row must still have
 * @param from the state the row must still be in
 */
public record DependencyTransition(TaskInstanceKey key, TaskState from, TaskState to, String reason) {

    private static final Set<TaskState> TARGETS =
            EnumSet.of(TaskState.SCHEDULED, TaskState.UPSTREAM_FAILED, TaskState.SKIPPED, TaskState.REMOVED);

    public DependencyTransition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (!TARGETS.contains(to)) {
            throw new IllegalArgumentException("a dependency transition goes to " + TARGETS + ", not " + to);
        }
    }
}
