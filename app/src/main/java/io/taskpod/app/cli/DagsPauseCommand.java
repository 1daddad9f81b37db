package io.taskpod.app.cli;

import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod dags pause DAG_ID} and {@code dags unpause DAG_ID}: a paused DAG gets no scheduled runs and none of
 * its task instances is queued; tries already queued or running finish.
 */
public abstract class DagsPauseCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    abstract boolean paused();

    @Override
    public Integer call() {
        Config config = configOption.load();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "dags-pause")) {
            CliRuns cli = new CliRuns(database);
            if (!cli.operations.setPaused(dagId, paused(), cli.actor)) {
                throw new UserError("DAG '" + CliText.quote(dagId) + "' is not in " + database.describe()
                        + CliDags.suggestion(dagId, cli.operations.knownDagIds())
                        + "; a scheduler stores each DAG of the DAGs folder when it first reads it");
            }
            spec.commandLine().getOut().println(paused() ? "Paused DAG " + dagId
                    + ": no new scheduled runs and nothing new queued; tries already running finish."
                    : "Unpaused DAG " + dagId + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code dags pause}. */
    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a DAG: no new scheduled runs, nothing new queued; running tries finish.")
    public static final class Pause extends DagsPauseCommand {
        @Override
        boolean paused() {
            return true;
        }
    }

    /** {@code dags unpause}. */
    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause a DAG.")
    public static final class Unpause extends DagsPauseCommand {
        @Override
        boolean paused() {
            return false;
        }
    }
}
