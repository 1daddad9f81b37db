package io.taskpod.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskpod tasks …}: task instance commands. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Run task instances, read their logs, show their states, clear and mark them.",
        subcommands = {TasksRunCommand.class, TasksLogsCommand.class, TasksStatesCommand.class, TasksClearCommand.class,
            TasksMarkCommand.class})
public final class TasksCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
