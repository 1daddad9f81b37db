package io.taskpod.core.model;

import java.util.Objects;

/**
 * Identifies one try of one task instance: Airflow's {@code TaskInstanceKey}. {@code mapIndex} is -1 for an
 * unmapped task.
 */
public record TaskInstanceKey(String dagId, String taskId, String runId, int tryNumber, int mapIndex) {

    public TaskInstanceKey {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
        if (mapIndex < -1) {
            throw new IllegalArgumentException("mapIndex must be -1 (unmapped) or >= 0, got " + mapIndex);
        }
    }

    /** The task instance this try belongs to. */
    public TaskInstanceId id() {
        return new TaskInstanceId(dagId, taskId, runId, mapIndex);
    }

    public TaskInstanceKey withTryNumber(int newTryNumber) {
        return new TaskInstanceKey(dagId, taskId, runId, newTryNumber, mapIndex);
    }

    public boolean isMapped() {
        return mapIndex >= 0;
    }

    @Override
    public String toString() {
        return dagId + "." + taskId + (isMapped() ? "[" + mapIndex + "]" : "") + " run=" + runId + " try=" + tryNumber;
    }
}
