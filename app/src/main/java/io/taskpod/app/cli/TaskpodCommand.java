package io.taskpod.app.cli;

import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.Arrays;
import java.util.Optional;
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
        return configured(new CommandLine(new TaskpodCommand()));
    }

    /**
     * Runs {@code taskpod args…} and returns its exit code. The worker command exactly as executors write it
     * ({@link WorkerCommand#forTask}, what every pod starts) runs without picocli ({@link TasksRunCommand#executeTry}).
     */
    public static int execute(String... args) {
        Optional<TaskInstanceKey> workerTry = WorkerCommand.parse(Arrays.asList(args));
        if (workerTry.isPresent()) {
            return TasksRunCommand.executeTry(workerTry.get());
        }
        return commandLine().execute(args);
    }

    private static CommandLine configured(CommandLine commandLine) {
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new CliErrors());
        return commandLine;
    }
}
