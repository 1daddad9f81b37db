package io.taskpod.core.executor;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The workload for one try of a task instance, as the scheduler hands it to an executor.
 *
 * @param executor the executor name the task asked for, empty for the default
 * @param executorConfig the task's {@code executor_config}, as plain data
 * @param launchAttempt how many times this try has been queued (1 for the first time); executors use it to
 *     give each launch a distinct, deterministic identity (the pod name)
 * @param command the worker command, starting with {@code taskpod} (see {@link WorkerCommand})
 * @param task the task as the scheduler loaded it, which the LocalExecutor runs without reading the DAG file again;
 *     empty when the scheduler's DAG no longer has the task
 */
public record ExecuteTask(
        TaskInstanceKey key,
        String queue,
        int priorityWeight,
        Optional<String> executor,
        Map<String, Object> executorConfig,
        int launchAttempt,
        List<String> command,
        Optional<TaskDefinition> task) {

    public ExecuteTask {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(executor, "executor");
        executorConfig = Map.copyOf(executorConfig);
        command = List.copyOf(command);
        Objects.requireNonNull(task, "task");
        if (launchAttempt < 1) {
            throw new IllegalArgumentException("launchAttempt starts at 1, got " + launchAttempt);
        }
    }

    /** A workload without the task's definition (executors that run the worker command do not need it). */
    public ExecuteTask(TaskInstanceKey key, String queue, int priorityWeight, Optional<String> executor,
            Map<String, Object> executorConfig, int launchAttempt, List<String> command) {
        this(key, queue, priorityWeight, executor, executorConfig, launchAttempt, command, Optional.empty());
    }
}
