package io.taskpod.kubernetes.executor;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs create retries without flooding the log during an API server outage: while the API server cannot be
 * connected to, one WARN when the outage starts (with the number of creates waiting) and one INFO when a create
 * succeeds again, instead of a line per retry per pod (those are DEBUG). Retries the API server answered (429, 5xx,
 * a read timeout) are few, bounded by {@code task_publish_max_retries}, and each is logged at INFO. Also says, once per
 * try and outage, which tries wait for the API server (for their task logs), and how long the outage has lasted (for
 * a gauge that {@code /health} reads). Scheduler thread only, except {@link #unreachableSeconds()}.
 */
final class UnreachableCreatesLog {

    private static final Logger log = LoggerFactory.getLogger(UnreachableCreatesLog.class);

    private final Clock clock;
    private Optional<Instant> outageSince = Optional.empty();
    private final Set<TaskInstanceKey> told = new HashSet<>();
    private volatile Instant outageStart;

    UnreachableCreatesLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * A create was queued again; {@code createsWaiting} counts the creates now waiting, this one included. Returns
     * true the first time this try waits in this outage of the API server: its task log should say why.
     */
    boolean requeued(TaskInstanceKey key, LaunchOutcome.Requeued requeued, int createsWaiting) {
        if (!requeued.unreachable()) {
            log.info("{}: pod create failed ({}); trying again in {} ms {}", key, requeued.reason(),
                    requeued.delay().toMillis(), requeued.progress());
        } else if (outageSince.isEmpty()) {
            outageSince = Optional.of(clock.instant());
            outageStart = outageSince.get();
            log.warn("The API server cannot be reached ({}); {} pod create(s) wait and are retried until it answers,"
                    + " not counted towards task_publish_max_retries", requeued.reason(), createsWaiting);
        } else {
            log.debug("{}: API server still unreachable; create tried again in {} ms", key,
                    requeued.delay().toMillis());
        }
        return requeued.unreachable() && told.add(key);
    }

    /** How long the API server has been unreachable for pod creates, in seconds; 0 when it answers. */
    double unreachableSeconds() {
        Instant since = outageStart;
        return since == null ? 0 : Math.max(0.001, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    /** A create succeeded (or found its pod): ends an outage, if there was one. */
    void launched() {
        outageSince.ifPresent(since -> log.info("The API server answers pod creates again, after {} s",
                Duration.between(since, clock.instant()).toSeconds()));
        outageSince = Optional.empty();
        outageStart = null;
        told.clear();
    }
}
