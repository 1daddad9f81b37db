package io.taskpod.app.cli;

/** A problem with what the user asked for (unknown DAG, missing run): printed without a stack trace. */
public final class UserError extends RuntimeException {

    private final int exitCode;

    public UserError(String message) {
        this(message, 1);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
