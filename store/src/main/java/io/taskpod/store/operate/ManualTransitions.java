package io.taskpod.store.operate;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import java.util.Optional;

/**
 * What a manual action makes of a task instance in a given state (Airflow's rules), as pure decisions: the
 * repository applies them to locked rows, a dry run to what it read. Empty means the task instance is left as it is.
 */
public final class ManualTransitions {

    private ManualTransitions() {}

    /**
     * Clearing: a queued or running try is stopped first ({@code restarting}); a finished or retrying task instance
     * waits for a new try ({@code none}); one that is waiting, already scheduled or already restarting is left alone.
     */
    public static Optional<TaskState> clear(TaskState from) {
        return switch (from) {
            case QUEUED, RUNNING -> Optional.of(TaskState.RESTARTING);
            case SUCCESS, FAILED, UP_FOR_RETRY, UPSTREAM_FAILED, SKIPPED, REMOVED -> Optional.of(TaskState.NONE);
            case NONE, SCHEDULED, RESTARTING -> Optional.empty();
        };
    }

    /** Marking {@code success} or {@code failed}: any other state becomes it. */
    public static Optional<TaskState> mark(TaskState from, TaskState to) {
        if (to != TaskState.SUCCESS && to != TaskState.FAILED) {
            throw new IllegalArgumentException("a task instance is marked success or failed, not " + to.dbValue());
        }
        return from == to ? Optional.empty() : Optional.of(to);
    }

    /**
     * Ending a run by hand: marked success, every unfinished task instance becomes {@code success}; marked failed
     * (or cancelled), those queued, running or restarting become {@code failed} and those not started
     * {@code skipped}, so that nothing more starts. Finished task instances keep their state.
     */
    public static Optional<TaskState> endRun(TaskState from, DagRunState to) {
        if (from.isFinished()) {
            return Optional.empty();
        }
        return switch (to) {
            case SUCCESS -> Optional.of(TaskState.SUCCESS);
            case FAILED -> Optional.of(stopsATry(from) ? TaskState.FAILED : TaskState.SKIPPED);
            case QUEUED, RUNNING -> throw new IllegalArgumentException("a run is ended as success or failed, not "
                    + to.dbValue());
        };
    }

    /**
     * Whether ending a run in state {@code from} as {@code to} changes it: not when it is in that state already, and
     * a cancel ({@code cancel}) not once the run has finished, which would turn a success into "cancelled". Both are
     * then no-ops, so repeating an action (a client retrying it) changes nothing.
     */
    public static boolean endsRun(DagRunState from, DagRunState to, boolean cancel) {
        return from != to && !(cancel && from.isFinished());
    }

    /** Whether a task instance in {@code state} may have a pod or process that must be stopped. */
    public static boolean stopsATry(TaskState state) {
        return state == TaskState.QUEUED || state == TaskState.RUNNING || state == TaskState.RESTARTING;
    }
}
