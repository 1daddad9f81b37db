package io.taskpod.core.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Task instance states, named as Airflow names them; {@link #dbValue()} is the stored spelling. */
public enum TaskState {
    NONE,
    SCHEDULED,
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED,
    UP_FOR_RETRY,
    UPSTREAM_FAILED,
    SKIPPED,
    REMOVED,
    /** Cleared by a user while queued or running: its scheduler stops the try, then it waits for its next try. */
    RESTARTING;

    private static final Set<TaskState> FINISHED = EnumSet.of(SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED, REMOVED);
    private static final Set<TaskState> EXECUTING = EnumSet.of(QUEUED, RUNNING);

    /** The lower-case name stored in the database and shown to users, e.g. {@code up_for_retry}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for states a task instance never leaves on its own (success, failed, upstream_failed, skipped, removed). */
    public boolean isFinished() {
        return FINISHED.contains(this);
    }

    /** True while an executor owns the task instance (queued or running). */
    public boolean isExecuting() {
        return EXECUTING.contains(this);
    }

    /** Parses the stored spelling; throws with the accepted values when unknown. */
    public static TaskState fromDb(String value) {
        for (TaskState state : values()) {
            if (state.dbValue().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown task state '" + value + "', expected one of "
                + Arrays.stream(values()).map(TaskState::dbValue).toList());
    }
}
