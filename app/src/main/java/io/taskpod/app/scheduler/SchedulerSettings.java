package io.taskpod.app.scheduler;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler's configuration, read once from {@code [core]} and {@code [scheduler]}.
 *
 * @param parallelism {@code [core] parallelism}: most task instances each executor (each side of the
 *     LocalKubernetesExecutor) holds, 0 = unlimited; here it bounds the candidates read per loop when
 *     {@code max_tis_per_query} is 0
 * @param maxTisPerQuery most task instances queued per loop (0 = parallelism)
 * @param zombieCheckInterval how often running task instances are checked for missing heartbeats (Airflow's
 *     {@code zombie_detection_interval}, 10 s; not a configuration key yet)
 * @param clearNotLaunchedInterval how often task instances this scheduler queued but never launched are put back to
 *     scheduled ({@code clear_not_launched_interval}; Airflow's {@code worker_pods_queued_check_interval})
 */
public record SchedulerSettings(
        String schedulerId,
        int parallelism,
        int maxTisPerQuery,
        Duration heartbeatInterval,
        Duration healthCheckThreshold,
        Duration idleSleep,
        Duration orphanedTasksCheckInterval,
        Duration taskQueuedTimeout,
        Duration taskQueuedTimeoutCheckInterval,
        int numStuckInQueuedRetries,
        Duration taskInstanceHeartbeatTimeout,
        Duration zombieCheckInterval,
        Duration clearNotLaunchedInterval,
        Duration dagDirListInterval,
        Duration defaultRetryDelay,
        boolean dagsArePausedAtCreation) {

    /** Most candidates read per critical section when neither {@code max_tis_per_query} nor parallelism bound it. */
    static final int UNBOUNDED_QUERY_LIMIT = 512;
    static final Duration ZOMBIE_CHECK_INTERVAL = Duration.ofSeconds(10);

    public SchedulerSettings {
        Objects.requireNonNull(schedulerId, "schedulerId");
    }

    public static SchedulerSettings from(Config config, String schedulerId) {
        return new SchedulerSettings(schedulerId,
                config.get(CoreConfigKeys.PARALLELISM),
                config.get(CoreConfigKeys.MAX_TIS_PER_QUERY),
                config.get(CoreConfigKeys.SCHEDULER_HEARTBEAT_SEC),
                config.get(CoreConfigKeys.SCHEDULER_HEALTH_CHECK_THRESHOLD),
                config.get(CoreConfigKeys.SCHEDULER_IDLE_SLEEP_TIME),
                config.get(CoreConfigKeys.ORPHANED_TASKS_CHECK_INTERVAL),
                config.get(CoreConfigKeys.TASK_QUEUED_TIMEOUT),
                config.get(CoreConfigKeys.TASK_QUEUED_TIMEOUT_CHECK_INTERVAL),
                config.get(CoreConfigKeys.NUM_STUCK_IN_QUEUED_RETRIES),
                config.get(CoreConfigKeys.TASK_INSTANCE_HEARTBEAT_TIMEOUT),
                ZOMBIE_CHECK_INTERVAL,
                config.get(CoreConfigKeys.CLEAR_NOT_LAUNCHED_INTERVAL),
                config.get(CoreConfigKeys.DAG_DIR_LIST_INTERVAL),
                config.get(CoreConfigKeys.DEFAULT_TASK_RETRY_DELAY),
                config.get(CoreConfigKeys.DAGS_ARE_PAUSED_AT_CREATION));
    }

    /** Most candidates the critical section reads per loop. */
    public int candidateLimit() {
        if (maxTisPerQuery > 0) {
            return maxTisPerQuery;
        }
        return parallelism > 0 ? parallelism : UNBOUNDED_QUERY_LIMIT;
    }

    /**
     * How many task instances may be queued now: the executors' free slots, summed over all executors and sides
     * (each has its own budget, so a full one never uses up another's), capped per loop by {@link #candidateLimit()}.
     */
    public int queueBudget(int freeSlots) {
        return Math.min(candidateLimit(), Math.max(0, freeSlots));
    }

    /** The same settings with another longest idle pause. */
    public SchedulerSettings withIdleSleep(Duration value) {
        return new SchedulerSettings(schedulerId, parallelism, maxTisPerQuery, heartbeatInterval, healthCheckThreshold,
                value, orphanedTasksCheckInterval, taskQueuedTimeout, taskQueuedTimeoutCheckInterval,
                numStuckInQueuedRetries, taskInstanceHeartbeatTimeout, zombieCheckInterval, clearNotLaunchedInterval,
                dagDirListInterval, defaultRetryDelay, dagsArePausedAtCreation);
    }
}
