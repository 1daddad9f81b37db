package io.taskpod.core.model;

import java.util.Objects;

/** Identifies a task instance across its tries: the primary key of the {@code task_instance} table. */
public record TaskInstanceId(String dagId, String taskId, String runId, int mapIndex) {

    public TaskInstanceId {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
    }

    public TaskInstanceKey withTry(int tryNumber) {
        return new TaskInstanceKey(dagId, taskId, runId, tryNumber, mapIndex);
    }

    @Override
    public String toString() {
        return dagId + "." + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "") + " run=" + runId;
    }
}
