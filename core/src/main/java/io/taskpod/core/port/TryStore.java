package io.taskpod.core.port;

import io.taskpod.core.model.TaskInstanceKey;
import java.time.Instant;

/**
 * The writes of whoever runs a try: the LocalExecutor's supervisor in the scheduler, or the worker of a pod
 * ({@code taskpod tasks run}). Each is a compare-and-set on the try number, the state and the claiming
 * {@link TryOwner}, so a stale or duplicate launch can never claim, heartbeat or finish a try that is not its own;
 * and each matches the owner's own earlier write, so that it may be retried after a commit whose answer was lost.
 * Implementations throw an unchecked exception, saying what failed, when the store cannot be reached.
 */
public interface TryStore {

    /**
     * Moves the try from {@code queued} to {@code running} for {@code owner}, only if the task instance is at
     * {@code key.tryNumber()} and queued (or already claimed by this very owner). Anything else is refused with the
     * reason, and nothing is written.
     */
    ClaimResult claim(TaskInstanceKey key, TryOwner owner);

    /**
     * Records that the owner is alive (tried once: the next heartbeat is the retry). {@link OwnershipCheck.NotOwned}
     * when the try is no longer this owner's running try: its state was changed externally and the task should stop.
     */
    OwnershipCheck heartbeat(TaskInstanceKey key, TryOwner owner, Instant now);

    /**
     * Records how the try ended ({@code running → success | failed | up_for_retry}), only if it is still this
     * owner's running try.
     */
    OwnershipCheck finish(TaskInstanceKey key, TryOwner owner, FinalState finalState, Instant endedAt);
}
