package io.taskpod.store.run;

import java.util.List;

/**
 * The runs a scheduler works on now: those running, oldest logical date first, and whether any waits in
 * {@code queued} for {@code max_active_runs}.
 */
public record ActiveRuns(List<DagRunRecord> running, boolean anyQueued) {

    public ActiveRuns {
        running = List.copyOf(running);
    }
}
