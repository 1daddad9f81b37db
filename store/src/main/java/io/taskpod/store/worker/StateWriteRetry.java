package io.taskpod.store.worker;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database operation and, while it fails with a connection error, runs it again with exponential backoff
 * (0.5 s doubling to 5 s) until {@code timeout} has passed. Only idempotent operations may be run through it:
 * every worker write is a compare-and-set that also matches the worker's own earlier write, so a retry after
 * a commit whose answer was lost changes nothing.
 */
public final class StateWriteRetry {

    private static final Logger log = LoggerFactory.getLogger(StateWriteRetry.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    /** One database operation. */
    @FunctionalInterface
    public interface SqlOperation<T> {
        T run() throws SQLException;
    }

    private final String redactedUrl;
    private final Duration timeout;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param redactedUrl the database URL with credentials hidden, named in the error when retries run out
     * @param timeout how long to keep retrying ({@code [scheduler] worker_state_write_timeout}); zero: one attempt
     */
    public StateWriteRetry(String redactedUrl, Duration timeout, Clock clock, Sleeper sleeper) {
        this.redactedUrl = Objects.requireNonNull(redactedUrl, "redactedUrl");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Runs {@code operation}, retrying connection errors.
     *
     * @param what what the operation does, for messages, e.g. {@code record the final state of …}
     * @throws StoreUnavailableException when the database stayed unreachable for the whole timeout
     * @throws WorkerStoreException when the operation failed for a reason a retry cannot fix
     */
    public <T> T call(String what, SqlOperation<T> operation) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Duration delay = FIRST_DELAY;
        int attempt = 1;
        while (true) {
            try {
                T result = operation.run();
                if (attempt > 1) {
                    log.info("{}: succeeded on attempt {} after the database at {} came back", what, attempt, redactedUrl);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!TransientSqlErrors.isTransient(e)) {
                    throw new WorkerStoreException("could not " + what + " in the database at " + redactedUrl + ": "
                            + e.getMessage(), e);
                }
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    throw unavailable(what, start, now, attempt, e);
                }
                Duration wait = min(delay, Duration.between(now, deadline));
                log.warn("could not {}: the database at {} is unreachable ({}); attempt {}, retrying in {} ms",
                        what, redactedUrl, e.getMessage(), attempt, wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw unavailable(what, start, clock.instant(), attempt, e);
                }
                delay = min(delay.multipliedBy(2), MAX_DELAY);
                attempt++;
            }
        }
    }

    private StoreUnavailableException unavailable(String what, Instant start, Instant now, int attempts, Exception last) {
        return new StoreUnavailableException("could not " + what + ": the database at " + redactedUrl
                + " was unreachable for " + Duration.between(start, now).toMillis() + " ms (" + attempts
                + " attempts, [scheduler] worker_state_write_timeout = " + timeout.toSeconds() + " s); last error: "
                + last.getMessage(), last);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
