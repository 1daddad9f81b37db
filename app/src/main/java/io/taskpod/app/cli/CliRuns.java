package io.taskpod.app.cli;

import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.run.DagRunRecord;
import java.time.Clock;

/**
 * What the commands that act on runs share: the operations on the command's database, the actor they record (the
 * operating-system user, marked as using the CLI), and finding a run by id or as {@code latest}.
 */
final class CliRuns {

    final MetadataDatabase database;
    final RunOperations operations;
    final Actor actor = Actor.cli(System.getProperty("user.name", "unknown"));

    CliRuns(MetadataDatabase database) {
        this.database = database;
        this.operations = new RunOperations(database.jdbc(), Clock.systemUTC());
    }

    /** The run {@code runId} names ({@code latest}: the DAG's newest), or a {@link UserError} saying there is none. */
    DagRunRecord run(String dagId, String runId) {
        return operations.findRun(dagId, runId).orElseThrow(() -> new UserError(RunOperations.LATEST.equals(runId)
                ? "DAG '" + dagId + "' has no runs in " + database.describe()
                : "no run '" + CliText.quote(runId) + "' of DAG '" + dagId + "' in " + database.describe()
                        + " (list them with: taskpod dags list-runs " + dagId + ")"));
    }
}
