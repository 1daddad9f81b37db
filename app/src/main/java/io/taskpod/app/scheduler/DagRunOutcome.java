package io.taskpod.app.scheduler;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether a run is over and how: once every task instance is finished, the run succeeded when each one is
 * {@code success}, {@code skipped} or {@code removed}, and failed otherwise.
 */
public final class DagRunOutcome {

    private DagRunOutcome() {}

    /** The run's final state, or empty while any task instance is not finished ({@link DagRunState#outcomeOf}). */
    public static Optional<DagRunState> of(Collection<TaskState> taskStates) {
        return DagRunState.outcomeOf(taskStates);
    }
}
