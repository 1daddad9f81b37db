package io.taskpod.app.dag;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.List;

/**
 * Values a DAG file may leave out, taken from the configuration, and the executor names a task may choose.
 *
 * @param executorNames the configured executors, the default first; a task naming any other is a load error.
 *     Empty: not checked
 */
public record DagDefaults(String queue, int retries, Duration retryDelay, int maxActiveTasks, int maxActiveRuns,
        boolean catchup, List<String> executorNames) {

    public DagDefaults {
        executorNames = List.copyOf(executorNames);
    }

    public static DagDefaults from(Config config) {
        return new DagDefaults(
                config.get(CoreConfigKeys.DEFAULT_QUEUE),
                config.get(CoreConfigKeys.DEFAULT_TASK_RETRIES),
                config.get(CoreConfigKeys.DEFAULT_TASK_RETRY_DELAY),
                config.get(CoreConfigKeys.MAX_ACTIVE_TASKS_PER_DAG),
                config.get(CoreConfigKeys.MAX_ACTIVE_RUNS_PER_DAG),
                config.get(CoreConfigKeys.CATCHUP_BY_DEFAULT),
                config.get(CoreConfigKeys.EXECUTOR));
    }

    /**
     * The same defaults without the executor check: for a worker, which runs the try it was handed whatever its
     * own {@code [core] executor} says (a pod's configuration need not list the scheduler's executors).
     */
    public DagDefaults anyExecutor() {
        return new DagDefaults(queue, retries, retryDelay, maxActiveTasks, maxActiveRuns, catchup, List.of());
    }

    /** The configuration keys' defaults, no executor check: for tests and tools. */
    public static DagDefaults standard() {
        return from(Config.defaults(new ConfigSchema(List.of(CoreConfigKeys.ALL)))).anyExecutor();
    }
}
