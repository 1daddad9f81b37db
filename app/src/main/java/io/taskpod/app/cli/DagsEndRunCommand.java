package io.taskpod.app.cli;

import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.core.model.DagRunState;
import io.taskpod.store.operate.RunChange;
import io.taskpod.store.run.DagRunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod dags cancel DAG_ID RUN_ID} and {@code dags mark-run DAG_ID RUN_ID --state success|failed}: end a run
 * by hand. Queued and running tries are stopped by their scheduler (pods deleted, processes terminated).
 */
public abstract class DagsEndRunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "RUN_ID", description = "A run id, or latest for the newest run.")
    String runId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    abstract DagRunState target();

    abstract boolean cancel();

    @Override
    public Integer call() {
        Config config = configOption.load();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "dags-end-run")) {
            CliRuns cli = new CliRuns(database);
            DagRunRecord run = cli.run(dagId, runId);
            RunChange change = cli.operations.endRun(run.key(), target(), cancel(), cli.actor).orElseThrow(
                    () -> new UserError("run '" + run.runId() + "' of DAG '" + dagId + "' disappeared"));
            PrintWriter out = spec.commandLine().getOut();
            if (change.unchanged()) {
                out.println("Run " + run.runId() + " of DAG " + dagId + " is " + change.from().dbValue()
                        + " already: nothing " + (cancel() ? "to cancel" : "changed") + ".");
                out.flush();
                return 0;
            }
            out.println((cancel() ? "Cancelled" : "Marked " + target().dbValue()) + " run " + run.runId() + " of DAG "
                    + dagId + " (was " + change.from().dbValue() + ").");
            if (!change.taskInstances().isEmpty()) {
                TaskChangesTable.print(out, change.taskInstances());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code dags cancel}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a run: its running tries are stopped, the rest never start, it ends failed "
                    + "(\"cancelled by USER\").")
    public static final class Cancel extends DagsEndRunCommand {
        @Override
        DagRunState target() {
            return DagRunState.FAILED;
        }

        @Override
        boolean cancel() {
            return true;
        }
    }

    /** {@code dags mark-run}. */
    @Command(name = "mark-run", mixinStandardHelpOptions = true,
            description = {"Mark a run success (every unfinished task instance success) or failed (queued and running "
                    + "ones failed, the rest skipped).", "Queued and running tries are stopped."})
    public static final class MarkRun extends DagsEndRunCommand {

        /** The states a run can be marked. */
        public enum Target { success, failed }

        @Option(names = "--state", required = true, paramLabel = "STATE", description = "success or failed.")
        Target state;

        @Override
        DagRunState target() {
            return state == Target.success ? DagRunState.SUCCESS : DagRunState.FAILED;
        }

        @Override
        boolean cancel() {
            return false;
        }
    }
}
