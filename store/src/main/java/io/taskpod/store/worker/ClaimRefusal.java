package io.taskpod.store.worker;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import java.util.Optional;

/** Says, in words, why a worker may not run a try, from the row as the database has it. */
public final class ClaimRefusal {

    private ClaimRefusal() {}

    /**
     * The reason a worker started for try {@code expectedTry} must not run it; empty when the row allows the claim
     * (state {@code queued} and the same try).
     */
    public static Optional<String> reason(TaskInstanceId id, int expectedTry, Optional<TryState> current) {
        if (current.isEmpty()) {
            return Optional.of("there is no task instance " + id + " in the database");
        }
        TryState row = current.get();
        if (row.tryNumber() != expectedTry) {
            return Optional.of("try " + expectedTry + " is stale: the task instance is at try " + row.tryNumber()
                    + ", state " + row.describe());
        }
        if (row.state() == TaskState.QUEUED) {
            return Optional.empty();
        }
        if (row.state() == TaskState.RUNNING) {
            return Optional.of("try " + expectedTry + " is already running elsewhere: " + row.describe()
                    + "; this is a duplicate worker");
        }
        if (row.state().isFinished() || row.state() == TaskState.UP_FOR_RETRY) {
            return Optional.of("try " + expectedTry + " already ended: " + row.describe());
        }
        return Optional.of("try " + expectedTry + " is not queued but " + row.describe()
                + ": it was reset or not yet queued");
    }
}
