package io.taskpod.app.worker;

import io.taskpod.core.executor.WorkerExitCode;
import java.util.Objects;

/** How a worker run ended: its exit code ({@link WorkerExitCode}) and one line saying why. */
public record WorkerResult(int exitCode, String message) {

    public WorkerResult {
        Objects.requireNonNull(message, "message");
    }

    static WorkerResult refused(String reason) {
        return new WorkerResult(WorkerExitCode.REFUSED, "refused: " + reason);
    }

    static WorkerResult error(String reason) {
        return new WorkerResult(WorkerExitCode.WORKER_ERROR, reason);
    }
}
