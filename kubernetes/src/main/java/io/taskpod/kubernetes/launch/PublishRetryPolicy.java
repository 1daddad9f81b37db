package io.taskpod.kubernetes.launch;

import io.taskpod.kubernetes.config.LaunchLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Retries of a pod create after a retryable error, bounded by {@code task_publish_max_retries} (-1 = forever):
 * exponential backoff from {@code baseDelay}, doubling per retry up to {@code maxDelay}, with "equal jitter" (half
 * the delay fixed, half random) so many tasks rejected together do not come back together; never sooner than the
 * server's Retry-After.
 *
 * <p>An API server that could not be connected to at all (stopped, restarting, unreachable) is an outage of the
 * control plane, not a verdict on the pod, and the create was never sent: such a create is retried every
 * {@link #UNREACHABLE_FACTOR} base delays (jittered) without using up the budget, for as long as the outage lasts up
 * to {@code task_publish_outage_timeout}, then the task fails. Meanwhile the task stays queued and is not stuck in
 * queued: the outage is not its fault. (Airflow's newest provider counts such errors and then fails the task.)
 */
public final class PublishRetryPolicy {

    /** First retry after 0.5-1 s; the cap keeps a long outage from delaying launches by more than a minute. */
    public static final Duration BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);
    /** A create that could not connect is tried again after this many base delays (jittered). */
    public static final int UNREACHABLE_FACTOR = 4;

    private final int maxRetries;
    private final Duration outageTimeout;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final RandomGenerator random;

    /**
     * @param maxRetries retries allowed after the first attempt; negative = unlimited
     * @param outageTimeout how long a create is retried while the API server cannot be reached
     */
    public PublishRetryPolicy(int maxRetries, Duration outageTimeout, Duration baseDelay, Duration maxDelay,
            RandomGenerator random) {
        this.maxRetries = maxRetries;
        this.outageTimeout = Objects.requireNonNull(outageTimeout, "outageTimeout");
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.random = Objects.requireNonNull(random, "random");
    }

    public static PublishRetryPolicy from(LaunchLimits limits, RandomGenerator random) {
        return new PublishRetryPolicy(limits.taskPublishMaxRetries(), limits.taskPublishOutageTimeout(), BASE_DELAY,
                MAX_DELAY, random);
    }

    /**
     * @param retriesSoFar how many of its {@code task_publish_max_retries} this create used so far (0 after the
     *     first failure)
     * @param unreachableFor how long this create has found the API server unreachable, without an answer in between
     *     (zero at the first such failure)
     */
    public PublishDecision next(int retriesSoFar, Duration unreachableFor, CreateErrorDecision.Retry error) {
        if (error.unreachable() && unreachableFor.compareTo(outageTimeout) >= 0) {
            return new PublishDecision.GiveUp("the API server could not be reached for " + unreachableFor.toSeconds()
                    + " s (task_publish_outage_timeout = " + outageTimeout.toSeconds() + "); last: " + error.reason());
        }
        if (error.unreachable()) {
            Duration delay = jittered(Math.min(baseDelay.toMillis() * UNREACHABLE_FACTOR, maxDelay.toMillis()));
            return new PublishDecision.RetryIn(delay, retriesSoFar, "[API server unreachable: retried until it answers,"
                    + " not counted towards task_publish_max_retries]");
        }
        boolean unlimited = maxRetries < 0;
        if (!unlimited && retriesSoFar >= maxRetries) {
            return new PublishDecision.GiveUp("pod creation failed " + (retriesSoFar + 1) + " time(s) with retryable errors"
                    + " (task_publish_max_retries = " + maxRetries + "); last: " + error.reason());
        }
        int retry = retriesSoFar + 1;
        long exponential = baseDelay.toMillis() << Math.min(retriesSoFar, 30);
        long capped = Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, maxDelay.toMillis());
        Duration delay = jittered(capped);
        if (error.retryAfter().isPresent() && error.retryAfter().get().compareTo(delay) > 0) {
            delay = error.retryAfter().get();
        }
        String progress = "[Try " + retry + " of " + (unlimited ? "unlimited" : Integer.toString(maxRetries)) + "]";
        return new PublishDecision.RetryIn(delay, retry, progress);
    }

    private Duration jittered(long cappedMillis) {
        long half = cappedMillis / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (cappedMillis - half)));
    }
}
