package io.taskpod.app.worker;

import io.taskpod.core.model.TaskInstanceId;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code taskpod tasks run DAG_ID TASK_ID RUN_ID [--try-number N] [--launch-attempt L] [--map-index M]} asks
 * for.
 *
 * @param tryNumber the try to run; empty: the task instance's current try
 * @param launchAttempt the launch of that try the worker was started for (executors always give it); empty: the
 *     current launch
 * @param mapIndex -1 for an unmapped task
 */
public record WorkerRequest(String dagId, String taskId, String runId, Optional<Integer> tryNumber,
        Optional<Integer> launchAttempt, int mapIndex) {

    public WorkerRequest {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tryNumber, "tryNumber");
        Objects.requireNonNull(launchAttempt, "launchAttempt");
    }

    public TaskInstanceId id() {
        return new TaskInstanceId(dagId, taskId, runId, mapIndex);
    }
}
