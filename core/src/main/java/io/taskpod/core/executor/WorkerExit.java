package io.taskpod.core.executor;

import java.util.Objects;

/**
 * How a worker process ended: its exit code and the last lines it wrote to stderr (empty when it wrote none).
 */
public record WorkerExit(int exitCode, String stderrTail) {

    public WorkerExit {
        Objects.requireNonNull(stderrTail, "stderrTail");
    }
}
