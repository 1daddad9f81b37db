package io.taskpod.store.operate;

import io.taskpod.core.model.DagRunState;
import io.taskpod.store.run.RunKey;
import java.util.List;

/** A run ended by hand: its state before and after, and the task instances that changed with it. */
public record RunChange(RunKey run, DagRunState from, DagRunState to, List<TaskChange> taskInstances) {

    public RunChange {
        taskInstances = List.copyOf(taskInstances);
    }
}
