package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import java.util.Objects;

/** A scheduled task instance the critical section may queue, with its DAG's {@code max_active_tasks}. */
public record QueueCandidate(TaskInstance taskInstance, int dagMaxActiveTasks) {

    public QueueCandidate {
        Objects.requireNonNull(taskInstance, "taskInstance");
    }
}
