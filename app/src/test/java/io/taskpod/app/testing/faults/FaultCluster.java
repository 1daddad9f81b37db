package io.taskpod.app.testing.faults;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;

/**
 * The end-to-end cluster of the fault-injection scenarios: {@link KubernetesEndToEnd} with every timing that matters
 * for recovery shortened from minutes to seconds, so that a scenario with several faults runs in well under a minute.
 */
public final class FaultCluster {

    /** A scheduler without a heartbeat for this long is dead. */
    public static final Duration HEALTH_CHECK_THRESHOLD = Duration.ofSeconds(6);
    /** Far above how long a healthy task waits in queued here (the scheduler restarts count in), so none is reached. */
    public static final Duration TASK_QUEUED_TIMEOUT = Duration.ofSeconds(90);
    /** How long a whole scenario run may take before the test gives up. */
    public static final Duration RUN_TIMEOUT = Duration.ofMinutes(4)
            .multipliedBy(Integer.getInteger("taskpod.faults.scale", 1));

    private FaultCluster() {}

    /** The harness settings of every scenario; each may add its own on top. */
    public static KubernetesEndToEnd.Builder builder(String name) {
        return KubernetesEndToEnd.builder(name)
                .set("core", "parallelism", "4")
                .set("scheduler", "scheduler_heartbeat_sec", "0.5")
                .set("scheduler", "scheduler_health_check_threshold", Long.toString(HEALTH_CHECK_THRESHOLD.toSeconds()))
                .set("scheduler", "orphaned_tasks_check_interval", "1")
                .set("scheduler", "task_queued_timeout", Long.toString(TASK_QUEUED_TIMEOUT.toSeconds()))
                .set("scheduler", "task_queued_timeout_check_interval", "1")
                .set("scheduler", "clear_not_launched_interval", "2")
                .set("scheduler", "task_instance_heartbeat_sec", "1")
                .set("scheduler", "task_instance_heartbeat_timeout", "30")
                .set("scheduler", "worker_state_write_timeout", "120")
                .kubernetes("worker_pods_reconcile_interval", "2")
                .kubernetes("worker_pod_launch_grace_period", "5");
    }
}
