package io.taskpod.app.logs;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.Optional;

/** Finds the try whose log {@code tasks logs} prints by default, with a clear message when there is none. */
public final class TaskLogLookup {

    private TaskLogLookup() {}

    /**
     * The task instance's current try, as the database has it.
     *
     * @throws NoSuchTryException when there is no such task instance or it has not been tried yet
     */
    public static TaskInstanceKey latestKey(TaskInstanceId id, Optional<TaskInstance> current) {
        TaskInstance row = current.orElseThrow(
                () -> new NoSuchTryException("there is no task instance " + id + " in the database"));
        if (row.key().tryNumber() == 0) {
            throw new NoSuchTryException("task instance " + id + " has not run yet (state " + row.state().dbValue() + "): no log");
        }
        return id.withTry(row.key().tryNumber());
    }
}
