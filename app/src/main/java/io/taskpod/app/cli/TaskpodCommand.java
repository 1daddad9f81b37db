package io.taskpod.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code taskpod} command; subcommands are registered here. */
@Command(name = "taskpod",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Workflow task executor that runs every task instance as a local process or in its own Kubernetes pod.",
        subcommands = {
            ConfigCommand.class,
            DbCommand.class,
            DagsCommand.class,
            TasksCommand.class,
            UsersCommand.class,
            SchedulerCommand.class,
            StandaloneCommand.class,
            ApiServerCommand.class,
            KubernetesCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TaskpodCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The configured command line: the entry point and tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TaskpodCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new CliErrors());
        return commandLine;
    }
}
