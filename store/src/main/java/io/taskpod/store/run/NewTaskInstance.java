package io.taskpod.store.run;

import io.taskpod.core.model.TaskState;
import java.util.Objects;
import java.util.Optional;

/**
 * A task instance created with its DAG run: state {@code none}, or {@code skipped} for a mapped task that
 * expanded to no items.
 *
 * @param mapItem the item of a mapped task instance as JSON text
 * @param maxTries the task's retries (Airflow's {@code max_tries})
 */
public record NewTaskInstance(
        String taskId,
        int mapIndex,
        Optional<String> mapItem,
        TaskState state,
        int maxTries,
        String queue,
        Optional<String> executor,
        int priorityWeight) {

    public NewTaskInstance {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(mapItem, "mapItem");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(executor, "executor");
        if (state != TaskState.NONE && state != TaskState.SKIPPED) {
            throw new IllegalArgumentException("a new task instance is none or skipped, not " + state);
        }
    }
}
