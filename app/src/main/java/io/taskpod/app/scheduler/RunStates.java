package io.taskpod.app.scheduler;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.ChangeHorizon;
import io.taskpod.store.task.TaskInstanceChanges;
import io.taskpod.store.task.TaskInstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running runs the scheduler follows ({@link RunState} each) and where it stands in the stream of task instance
 * changes. Each loop it is handed the changes since its horizon and the runs running now: it forgets runs that no
 * longer run, applies the changes to the others, and names the runs to read in full: those it starts following.
 *
 * <p>A transaction left open somewhere (a session idle in a transaction) holds the horizon back, and changes made
 * after it began stay unseen until it ends. When the horizon has not moved for {@link #HELD_BACK_LIMIT} while a
 * transaction is open, every followed run is read in full each loop (as before change tracking) until it moves.
 */
final class RunStates {

    /** How long the horizon may stay held back before runs are read in full. */
    static final Duration HELD_BACK_LIMIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RunStates.class);

    private final Map<RunKey, RunState> runs = new HashMap<>();
    private Optional<ChangeHorizon> horizon = Optional.empty();
    private Instant horizonMovedAt = Instant.MIN;
    private boolean heldBack;

    /** Where the next read of changes starts; empty before the first. */
    Optional<ChangeHorizon> horizon() {
        return horizon;
    }

    /**
     * Applies {@code changes} to the followed runs that still run, forgets the others, and returns the running runs
     * to read in full ({@link #follow}): those not followed yet, or all of them while the horizon is held back.
     */
    Set<RunKey> update(TaskInstanceChanges changes, Collection<RunKey> running, Instant now) {
        runs.keySet().retainAll(new HashSet<>(running));
        for (TaskInstanceStatus status : changes.changed()) {
            RunState run = runs.get(runOf(status.key()));
            if (run != null) {
                run.apply(status);
            }
        }
        boolean moved = horizon.map(before -> before.movedTo(changes.next())).orElse(true);
        horizon = Optional.of(changes.next());
        if (moved || !changes.next().heldBack()) {
            horizonMovedAt = now;
            if (heldBack) {
                log.info("Task instance changes are read again as they come: the transaction that held them back ended");
                heldBack = false;
            }
        } else if (Duration.between(horizonMovedAt, now).compareTo(HELD_BACK_LIMIT) > 0) {
            if (!heldBack) {
                log.warn("A database transaction open since before {} (transaction {}) holds back the scheduler's reading"
                        + " of task instance changes; reading running runs in full each loop until it ends",
                        horizonMovedAt, Long.toUnsignedString(changes.next().xmin()));
                heldBack = true;
            }
            return new LinkedHashSet<>(running);
        }
        Set<RunKey> unknown = new LinkedHashSet<>(running);
        unknown.removeAll(runs.keySet());
        return unknown;
    }

    /** Starts following runs (or follows them anew) from their task instances as read in full. */
    void follow(Collection<RunKey> read, List<TaskInstanceStatus> statuses) {
        read.forEach(run -> runs.put(run, new RunState()));
        statuses.forEach(status -> runs.get(runOf(status.key())).apply(status));
    }

    /** A followed run. */
    Optional<RunState> of(RunKey run) {
        return Optional.ofNullable(runs.get(run));
    }

    /** Takes in a change the scheduler made itself, so that this loop already sees it. */
    void apply(TaskInstanceStatus status) {
        of(runOf(status.key())).ifPresent(run -> run.apply(status));
    }

    /** Stops following a run that ended. */
    void forget(RunKey run) {
        runs.remove(run);
    }

    /** Whether a followed run has a task instance waiting in {@code scheduled}. */
    boolean anyScheduled() {
        return runs.values().stream().anyMatch(RunState::anyScheduled);
    }

    /** Whether a retry of a followed run is due at {@code now}. */
    boolean retryDue(Instant now) {
        return runs.values().stream().map(RunState::earliestRetry).flatMap(Optional::stream)
                .min(Comparator.naturalOrder()).filter(due -> !due.isAfter(now)).isPresent();
    }

    private static RunKey runOf(TaskInstanceKey key) {
        return new RunKey(key.dagId(), key.runId());
    }
}
