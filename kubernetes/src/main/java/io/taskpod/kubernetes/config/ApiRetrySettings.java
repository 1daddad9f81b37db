package io.taskpod.kubernetes.config;

import java.time.Duration;

/**
 * fabric8's own request retries (connection errors, 429 and 5xx, honouring Retry-After), mapped from Airflow's
 * {@code api_client_retry_configuration}: {@code total} → {@code requestRetryBackoffLimit}, {@code backoff_factor}
 * seconds → {@code requestRetryBackoffInterval}. fabric8 doubles the interval per retry, up to 32 times it.
 */
public record ApiRetrySettings(int retryLimit, Duration backoffInterval) {

    /** Three retries from 100 ms: like urllib3's default of three, and short, because creates are retried again above. */
    public static final ApiRetrySettings DEFAULT = new ApiRetrySettings(3, Duration.ofMillis(100));
}
