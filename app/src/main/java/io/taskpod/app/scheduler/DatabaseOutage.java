package io.taskpod.app.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tracks one database outage at a time: whether it is the first failure (worth a log line) and how long to wait
 * before the next attempt (doubling from {@code initial} up to {@code max}).
 */
final class DatabaseOutage {

    private final Duration initial;
    private final Duration max;
    private Optional<Instant> since = Optional.empty();
    private Duration nextWait;

    DatabaseOutage(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.nextWait = initial;
    }

    /** Records a failed attempt; returns true when it starts a new outage. */
    boolean failed(Instant now) {
        boolean started = since.isEmpty();
        if (started) {
            since = Optional.of(now);
            nextWait = initial;
        }
        return started;
    }

    /** How long to wait before trying again; each call doubles the next wait, up to the maximum. */
    Duration backoff() {
        Duration wait = nextWait;
        nextWait = nextWait.multipliedBy(2).compareTo(max) > 0 ? max : nextWait.multipliedBy(2);
        return wait;
    }

    /** Records a successful attempt; returns how long the outage that it ends lasted, if one was going on. */
    Optional<Duration> recovered(Instant now) {
        Optional<Duration> lasted = since.map(start -> Duration.between(start, now));
        since = Optional.empty();
        return lasted;
    }
}
