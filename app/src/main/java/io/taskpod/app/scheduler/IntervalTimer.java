package io.taskpod.app.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Tells when a periodic job of the scheduler loop is due: at once the first time, then every {@code interval}. */
final class IntervalTimer {

    private final Duration interval;
    private Optional<Instant> lastRun = Optional.empty();

    IntervalTimer(Duration interval) {
        this.interval = interval;
    }

    /** True (and restarts the interval) when the job should run now. */
    boolean fire(Instant now) {
        if (lastRun.isPresent() && now.isBefore(lastRun.get().plus(interval))) {
            return false;
        }
        lastRun = Optional.of(now);
        return true;
    }
}
