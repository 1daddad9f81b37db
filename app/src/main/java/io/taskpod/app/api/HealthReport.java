package io.taskpod.app.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /health} answers. {@code status} is {@code healthy} (HTTP 200) when the database answers and, in a
 * scheduler process, this process's scheduler heartbeats and each of its executors completed a sync within
 * {@code scheduler_health_check_threshold}; otherwise {@code unhealthy} (HTTP 503).
 *
 * @param scheduler this process's scheduler; null in {@code taskpod api-server}
 * @param schedulers every scheduler the database says is running, this one included
 * @param executors this process's executors, from their gauges; empty in {@code taskpod api-server}
 * @param executorSyncs how long ago each of this process's executors completed a sync; empty in
 *     {@code taskpod api-server}
 */
record HealthReport(String status, DatabaseHealth metadatabase, SchedulerHealth scheduler,
        List<SchedulerHealth> schedulers, List<ExecutorGauges.ExecutorLoad> executors,
        List<ExecutorSync> executorSyncs) {

    static final String HEALTHY = "healthy";
    static final String UNHEALTHY = "unhealthy";

    HealthReport {
        schedulers = List.copyOf(schedulers);
        executors = List.copyOf(executors);
        executorSyncs = List.copyOf(executorSyncs);
    }

    boolean healthy() {
        return HEALTHY.equals(status);
    }

    /**
     * Whether the database answers; where it is stays out of the answer.
     *
     * @param error why the database did not answer; null when it did
     */
    record DatabaseHealth(String status, String error) {}

    /**
     * @param state the scheduler row's state ({@code running}, {@code stopped}, {@code failed}), or
     *     {@code not registered} before the scheduler's first loop iteration wrote its row
     * @param latestHeartbeat null when not registered
     * @param heartbeatAgeSeconds how long ago {@code latestHeartbeat} was; null when not registered
     */
    /**
     * One executor's liveness: unhealthy when it has not completed a sync (learned the outcomes waiting for it) for
     * longer than {@code scheduler_health_check_threshold}, which the scheduler's own heartbeat does not show.
     */
    record ExecutorSync(String executor, String status, double secondsSinceSync) {}

    record SchedulerHealth(String id, String status, String state, String hostname, Instant latestHeartbeat,
            Double heartbeatAgeSeconds, double healthCheckThresholdSeconds) {}
}
