package io.taskpod.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskpod dags …}: DAG commands. */
@Command(name = "dags", mixinStandardHelpOptions = true, description = "List, trigger and test DAGs.",
        subcommands = {DagsListCommand.class})
public final class DagsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
