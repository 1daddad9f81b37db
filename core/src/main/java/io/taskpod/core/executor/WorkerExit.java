package io.taskpod.core.executor;

import java.util.Objects;

/**
 * How a worker process ended: its exit code and the last lines it wrote to stderr (empty when it wrote none).
 */
public record WorkerExit(int exitCode, String stderrTail) {

    /** The exit code of a worker this process did not start (an adopted one): the system does not tell it. */
    public static final int UNKNOWN_EXIT_CODE = -1;

    public WorkerExit {
        Objects.requireNonNull(stderrTail, "stderrTail");
    }
}
