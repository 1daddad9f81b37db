package io.taskpod.app.cli;

import io.taskpod.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear message and an exit code: configuration errors name the key (exit 78, EX_CONFIG);
 * a {@link UserError} is a problem with the user's input (exit 1); anything else is a bug and shows its stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 78;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof ConfigException config) {
            commandLine.getErr().println("taskpod: " + config.getMessage());
            return CONFIG_ERROR;
        }
        if (e instanceof UserError user) {
            commandLine.getErr().println("taskpod: " + user.getMessage());
            return user.exitCode();
        }
        commandLine.getErr().println("taskpod: unexpected error (a bug; please report it with the trace below)");
        e.printStackTrace(commandLine.getErr());
        return 1;
    }
}
