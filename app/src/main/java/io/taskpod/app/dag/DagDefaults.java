package io.taskpod.app.dag;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Values a DAG file may leave out, taken from the configuration, and the executor names a task may choose.
 *
 * @param executorNames the configured executors; a task naming any other is a load error. Empty: not checked.
 */
public record DagDefaults(String queue, int retries, Duration retryDelay, int maxActiveTasks, int maxActiveRuns,
        boolean catchup, Set<String> executorNames) {

    public DagDefaults {
        executorNames = Set.copyOf(executorNames);
    }

    public static DagDefaults from(Config config) {
        return new DagDefaults(
                config.get(CoreConfigKeys.DEFAULT_QUEUE),
                config.get(CoreConfigKeys.DEFAULT_TASK_RETRIES),
                config.get(CoreConfigKeys.DEFAULT_TASK_RETRY_DELAY),
                config.get(CoreConfigKeys.MAX_ACTIVE_TASKS_PER_DAG),
                config.get(CoreConfigKeys.MAX_ACTIVE_RUNS_PER_DAG),
                config.get(CoreConfigKeys.CATCHUP_BY_DEFAULT),
                new LinkedHashSet<>(config.get(CoreConfigKeys.EXECUTOR)));
    }

    /** Airflow's defaults, no executor check: for tests and tools. */
    public static DagDefaults standard() {
        return new DagDefaults("default", 0, Duration.ofMinutes(5), 16, 16, true, Set.of());
    }
}
