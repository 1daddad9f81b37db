package io.taskpod.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskpod dags …}: DAG commands. */
@Command(name = "dags", mixinStandardHelpOptions = true,
        description = "List, trigger, test, pause and backfill DAGs; list, cancel and mark their runs.",
        subcommands = {DagsListCommand.class, DagsTriggerCommand.class, DagsTestCommand.class, DagsListRunsCommand.class,
            DagsPauseCommand.Pause.class, DagsPauseCommand.Unpause.class, DagsBackfillCommand.class,
            DagsEndRunCommand.Cancel.class, DagsEndRunCommand.MarkRun.class})
public final class DagsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
