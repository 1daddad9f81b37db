package io.taskpod.app.scheduler;

import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.scheduler.SchedulerRecord;
import io.taskpod.store.scheduler.SchedulerRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process the only one using its scheduler id: holds the id's lock, takes it back after a database
 * outage, and throws {@link SchedulerIdTakenException} when a live process has it.
 */
final class SchedulerIdGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulerIdGuard.class);
    private static final int ATTEMPTS = 3;

    private final SchedulerIdLock lock;
    private final SchedulerRepository schedulers;
    private final Duration healthCheckThreshold;
    private final Clock clock;

    SchedulerIdGuard(SchedulerIdLock lock, SchedulerRepository schedulers, Duration healthCheckThreshold, Clock clock) {
        this.lock = lock;
        this.schedulers = schedulers;
        this.healthCheckThreshold = healthCheckThreshold;
        this.clock = clock;
    }

    /** Returns once the lock is held; a database outage surfaces as the store's exception. */
    void ensureHeld() {
        SchedulerIdLock.HeldElsewhere holder = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (!(lock.acquire() instanceof SchedulerIdLock.HeldElsewhere elsewhere)) {
                return;
            }
            holder = elsewhere;
            Optional<SchedulerRecord> row = schedulers.find(lock.schedulerId());
            switch (IdLockDecision.decide(elsewhere, row, clock.instant(), healthCheckThreshold)) {
                case TAKE_OVER -> {
                    log.warn("Scheduler id {} is held by {} database session {} ({}); ending that session", lock.schedulerId(),
                            elsewhere.ownSession() ? "an old" : "a dead scheduler's", elsewhere.backendPid(),
                            elsewhere.applicationName());
                    lock.terminateHolder(elsewhere.backendPid());
                }
                case RETRY -> log.debug("Scheduler id {} was released meanwhile; trying again", lock.schedulerId());
                case REFUSE -> throw taken(row);
            }
        }
        throw taken(schedulers.find(lock.schedulerId()), holder);
    }

    private SchedulerIdTakenException taken(Optional<SchedulerRecord> row) {
        return taken(row, null);
    }

    private SchedulerIdTakenException taken(Optional<SchedulerRecord> row, SchedulerIdLock.HeldElsewhere holder) {
        Instant now = clock.instant();
        String who = row.map(r -> "host " + r.hostname() + r.pid().map(pid -> ", pid " + pid).orElse("")
                        + ", last heartbeat " + Duration.between(r.lastHeartbeatAt(), now).toSeconds() + "s ago")
                .orElse(holder == null ? "not registered yet" : "database session " + holder.backendPid());
        return new SchedulerIdTakenException("scheduler id '" + lock.schedulerId() + "' is in use by another live "
                + "scheduler (" + who + "). Give each scheduler its own [scheduler] instance_id; if that scheduler is "
                + "gone, this one can start once its heartbeat is older than scheduler_health_check_threshold ("
                + healthCheckThreshold.toSeconds() + "s).");
    }

    @Override
    public void close() {
        lock.close();
    }
}
