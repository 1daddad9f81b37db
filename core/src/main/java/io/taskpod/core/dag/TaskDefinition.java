package io.taskpod.core.dag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a DAG as declared in its file, with DAG {@code default_args} already applied.
 *
 * @param executorConfig the task's {@code executor_config}, kept as plain data (maps, lists, strings,
 *     numbers, booleans) for the executors to interpret
 * @param expand the items of a mapped task (one task instance per item), or empty for an unmapped task
 * @param line the line of the task's declaration in its file, or 0 when unknown
 */
public record TaskDefinition(
        String taskId,
        TaskAction action,
        List<String> dependsOn,
        int retries,
        Duration retryDelay,
        boolean retryExponentialBackoff,
        Optional<Duration> maxRetryDelay,
        Optional<Duration> executionTimeout,
        String queue,
        Optional<String> executor,
        int priorityWeight,
        Map<String, String> env,
        Map<String, Object> executorConfig,
        Optional<List<Object>> expand,
        int line) {

    public TaskDefinition {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(action, "action");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(executionTimeout, "executionTimeout");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(executor, "executor");
        env = Map.copyOf(env);
        executorConfig = Map.copyOf(executorConfig);
        expand = expand.map(List::copyOf);
    }

    public boolean isMapped() {
        return expand.isPresent();
    }
}
