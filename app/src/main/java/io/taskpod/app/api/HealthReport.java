package io.taskpod.app.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /health} answers. {@code status} is {@code healthy} (HTTP 200) when the database answers and, in a
 * scheduler process, this process's scheduler heartbeats and each of its executors completed a sync within
 * {@code scheduler_health_check_threshold}; {@code degraded} (still HTTP 200) when also this process's
 * KubernetesExecutor cannot reach the Kubernetes API server; otherwise {@code unhealthy} (HTTP 503).
 *
 * @param scheduler this process's scheduler; null in {@code taskpod api-server}
 * @param schedulers every scheduler the database says is running, this one included
 * @param executors this process's executors, from their gauges; empty in {@code taskpod api-server}
 * @param executorSyncs how long ago each of this process's executors completed a sync; empty in
 *     {@code taskpod api-server}
 * @param kubernetesApi null when this process runs no KubernetesExecutor
 */
record HealthReport(String status, DatabaseHealth metadatabase, SchedulerHealth scheduler,
        List<SchedulerHealth> schedulers, List<ExecutorGauges.ExecutorLoad> executors,
        List<ExecutorSync> executorSyncs, KubernetesApiHealth kubernetesApi) {

    static final String HEALTHY = "healthy";
    static final String UNHEALTHY = "unhealthy";
    static final String DEGRADED = "degraded";

    HealthReport {
        schedulers = List.copyOf(schedulers);
        executors = List.copyOf(executors);
        executorSyncs = List.copyOf(executorSyncs);
    }

    /** Healthy or degraded (HTTP 200): a degraded Kubernetes API is not cured by restarting the scheduler. */
    boolean healthy() {
        return !UNHEALTHY.equals(status);
    }

    /**
     * Whether this process's KubernetesExecutor reaches the Kubernetes API server for pod creates: {@code degraded}
     * while it cannot (the pods of queued tries wait), with how long that has lasted.
     */
    record KubernetesApiHealth(String status, Double unreachableForSeconds) {}

    /**
     * Whether the database answers; where it is stays out of the answer.
     *
     * @param error why the database did not answer; null when it did
     */
    record DatabaseHealth(String status, String error) {}

    /**
     * One executor's liveness: unhealthy when it has not completed a sync (learned the outcomes waiting for it) for
     * longer than {@code scheduler_health_check_threshold}, which the scheduler's own heartbeat does not show.
     */
    record ExecutorSync(String executor, String status, double secondsSinceSync) {}

    /**
     * @param state the scheduler row's state ({@code running}, {@code stopped}, {@code failed}), or
     *     {@code not registered} before the scheduler's first loop iteration wrote its row
     * @param latestHeartbeat null when not registered
     * @param heartbeatAgeSeconds how long ago {@code latestHeartbeat} was; null when not registered
     */
    record SchedulerHealth(String id, String status, String state, String hostname, Instant latestHeartbeat,
            Double heartbeatAgeSeconds, double healthCheckThresholdSeconds) {}
}
