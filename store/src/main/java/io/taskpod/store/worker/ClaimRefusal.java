package io.taskpod.store.worker;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import java.util.Optional;

/** Says, in words, why a worker may not run a try, from the row as the database has it. */
public final class ClaimRefusal {

    private ClaimRefusal() {}

    /**
     * The reason a worker started for launch {@code expectedLaunch} of try {@code expectedTry} must not run it; empty
     * when the row allows the claim (state {@code queued}, the same try, the same launch).
     */
    public static Optional<String> reason(TaskInstanceId id, int expectedTry, int expectedLaunch,
            Optional<TryState> current) {
        if (current.isEmpty()) {
            return Optional.of("there is no task instance " + id + " in the database");
        }
        TryState row = current.get();
        if (row.tryNumber() != expectedTry) {
            return Optional.of("try " + expectedTry + " is stale: the task instance is at try " + row.tryNumber()
                    + ", state " + row.describe());
        }
        if (row.state() == TaskState.QUEUED && row.launchAttempt() != expectedLaunch) {
            return Optional.of("launch " + expectedLaunch + " of try " + expectedTry + " was revoked: the try was queued"
                    + " again as launch " + row.launchAttempt());
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
