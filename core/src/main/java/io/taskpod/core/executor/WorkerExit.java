package io.taskpod.core.executor;

import java.util.Objects;

/**
 * How the run of one try ended: an exit code of {@link WorkerExitCode} (what {@code taskpod tasks run} would exit
 * with) and one line saying why.
 */
public record WorkerExit(int exitCode, String message) {

    public WorkerExit {
        Objects.requireNonNull(message, "message");
    }
}
