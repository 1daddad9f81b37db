package io.taskpod.app.cli;

import io.taskpod.store.operate.TaskChange;
import java.io.PrintWriter;
import java.util.List;

/** Prints the task instances a manual action changed (or would change). */
final class TaskChangesTable {

    private TaskChangesTable() {}

    static void print(PrintWriter out, List<TaskChange> changes) {
        int taskWidth = Math.max(7, changes.stream().mapToInt(c -> label(c).length()).max().orElse(0));
        int runWidth = Math.max(6, changes.stream().mapToInt(c -> c.id().runId().length()).max().orElse(0));
        String format = "%-" + runWidth + "s  %-" + taskWidth + "s  %3s  %-15s  %-15s  %s%n";
        out.printf(format, "run_id", "task_id", "try", "from", "to", "");
        for (TaskChange change : changes) {
            out.printf(format, change.id().runId(), label(change), change.tryNumber(), change.from().dbValue(),
                    change.to().dbValue(), change.stopRequested() ? "(its scheduler stops the try)" : "");
        }
    }

    private static String label(TaskChange change) {
        return change.id().taskId() + (change.id().mapIndex() >= 0 ? "[" + change.id().mapIndex() + "]" : "");
    }
}
