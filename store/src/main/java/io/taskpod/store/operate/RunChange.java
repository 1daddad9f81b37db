package io.taskpod.store.operate;

import io.taskpod.core.model.DagRunState;
import io.taskpod.store.run.RunKey;
import java.util.List;

/**
 * A run ended by hand: its state before and after, and the task instances that changed with it; {@code from} and
 * {@code to} are alike when the action changed nothing ({@link ManualTransitions#endsRun}).
 */
public record RunChange(RunKey run, DagRunState from, DagRunState to, List<TaskChange> taskInstances) {

    public RunChange {
        taskInstances = List.copyOf(taskInstances);
    }

    /** Whether the action left the run as it was. */
    public boolean unchanged() {
        return from == to;
    }
}
