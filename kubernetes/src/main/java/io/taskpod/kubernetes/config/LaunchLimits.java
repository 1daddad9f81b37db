package io.taskpod.kubernetes.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on pod creation: creates started per heartbeat ({@code worker_pods_creation_batch_size}), creates in
 * flight ({@code max_concurrent_creates}), the token bucket ({@code api_qps}, {@code api_burst}), how many times a
 * retryable create error is retried ({@code task_publish_max_retries}, -1 = forever), and how long a create is
 * retried while the API server cannot be reached ({@code task_publish_outage_timeout}).
 */
public record LaunchLimits(int creationBatchSize, int maxConcurrentCreates, double apiQps, int apiBurst,
        int taskPublishMaxRetries, Duration taskPublishOutageTimeout) {

    public LaunchLimits {
        Objects.requireNonNull(taskPublishOutageTimeout, "taskPublishOutageTimeout");
    }

    /** True when {@code task_publish_max_retries} is -1. */
    public boolean retriesForever() {
        return taskPublishMaxRetries < 0;
    }
}
