package io.taskpod.core.executor;

import java.util.Objects;

/** What an executor reports for a worker that ended, decided from its exit code alone. */
public sealed interface WorkerOutcome {

    /** Exit 0: the task ran and the worker recorded success. */
    record Succeeded() implements WorkerOutcome {}

    /** {@link WorkerExitCode#REFUSED}: the try was not this worker's to run; nothing ran, nothing to report. */
    record Refused() implements WorkerOutcome {}

    /** Anything else; {@code info} says the exit code, what it means and the tail of the worker's stderr. */
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
                String info = "worker exited with code " + exit.exitCode() + " (" + meaning(exit.exitCode()) + ")";
                yield new Failed(exit.stderrTail().isBlank() ? info : info + "; stderr: " + exit.stderrTail());
            }
        };
    }

    /** What a worker exit code means, in words. */
    static String meaning(int exitCode) {
        return switch (exitCode) {
            case WorkerExitCode.TASK_FAILED -> "the task failed";
            case WorkerExitCode.USAGE -> "bad worker command line";
            case WorkerExitCode.WORKER_ERROR -> "the worker could not do its job";
            case WorkerExit.UNKNOWN_EXIT_CODE -> "exit code unknown: an adopted worker, not started by this scheduler";
            case 128 + 9 -> "killed by SIGKILL";
            case 128 + 15 -> "terminated by SIGTERM";
            default -> exitCode > 128 && exitCode < 128 + 65 ? "killed by signal " + (exitCode - 128) : "unexpected exit code";
        };
    }
}
