package io.taskpod.app;

import io.taskpod.app.cli.TaskpodCommand;
import picocli.CommandLine;

/** The {@code taskpod} command-line entry point. */
public final class Taskpod {

    private Taskpod() {}

    public static void main(String[] args) {
        System.exit(TaskpodCommand.execute(args));
    }
}
