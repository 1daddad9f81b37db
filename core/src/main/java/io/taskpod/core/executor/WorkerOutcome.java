package io.taskpod.core.executor;

import java.util.Objects;

/** What the LocalExecutor reports for a try whose run ended, decided from its exit code alone. */
public sealed interface WorkerOutcome {

    /** Exit 0: the task ran and success was recorded. */
    record Succeeded() implements WorkerOutcome {}

    /** {@link WorkerExitCode#REFUSED}: the try was not this launch's to run; nothing ran, nothing to report. */
    record Refused() implements WorkerOutcome {}

    /** Anything else; {@code info} says the exit code, what it means and why. */
    record Failed(String info) implements WorkerOutcome {
        public Failed {
            Objects.requireNonNull(info, "info");
        }
    }

    static WorkerOutcome of(WorkerExit exit) {
        return switch (exit.exitCode()) {
            case WorkerExitCode.SUCCESS -> new Succeeded();
            case WorkerExitCode.REFUSED -> new Refused();
            default -> {
                String info = "exit code " + exit.exitCode() + " (" + meaning(exit.exitCode()) + ")";
                yield new Failed(exit.message().isBlank() ? info : info + ": " + exit.message());
            }
        };
    }

    /** What an exit code means, in words. */
    static String meaning(int exitCode) {
        return switch (exitCode) {
            case WorkerExitCode.TASK_FAILED -> "the task failed";
            case WorkerExitCode.WORKER_ERROR -> "the try could not be run";
            default -> "unexpected exit code";
        };
    }
}
