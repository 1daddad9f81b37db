package io.taskpod.core.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** DAG run states, as Airflow names them. */
public enum DagRunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCESS || this == FAILED;
    }

    /**
     * How a run with these task instance states ends: empty while any is not finished; then {@code success} when each
     * is {@code success}, {@code skipped} or {@code removed}, {@code failed} otherwise.
     */
    public static Optional<DagRunState> outcomeOf(Collection<TaskState> taskStates) {
        if (taskStates.stream().anyMatch(state -> !state.isFinished())) {
            return Optional.empty();
        }
        boolean succeeded = taskStates.stream()
                .allMatch(state -> state == TaskState.SUCCESS || state == TaskState.SKIPPED || state == TaskState.REMOVED);
        return Optional.of(succeeded ? SUCCESS : FAILED);
    }

    public static DagRunState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
