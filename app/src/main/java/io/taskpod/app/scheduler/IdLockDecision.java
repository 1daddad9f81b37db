package io.taskpod.app.scheduler;

import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.scheduler.SchedulerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do when the scheduler id's lock is held by another database session: end the session and take the
 * lock when it is an older session of this very process (a network break the server has not noticed) or when the
 * id's scheduler row stopped heartbeating (a dead process whose session lingers); try again when the holder just
 * let go; refuse otherwise, because a live scheduler uses the id.
 */
enum IdLockDecision {
    TAKE_OVER,
    RETRY,
    REFUSE;

    static IdLockDecision decide(SchedulerIdLock.HeldElsewhere holder, Optional<SchedulerRecord> row, Instant now,
            Duration healthCheckThreshold) {
        if (holder.backendPid() == 0) {
            return RETRY;
        }
        if (holder.ownSession()) {
            return TAKE_OVER;
        }
        boolean heartbeatStale = row.map(r -> r.lastHeartbeatAt().isBefore(now.minus(healthCheckThreshold))).orElse(false);
        return heartbeatStale ? TAKE_OVER : REFUSE;
    }
}
