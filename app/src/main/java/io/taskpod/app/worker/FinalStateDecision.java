package io.taskpod.app.worker;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.retry.RetryPolicy;
import io.taskpod.core.port.FinalState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a worker records for a try from how its task ended: success on exit 0; otherwise a failure with its
 * reason, made {@code up_for_retry} or {@code failed} by the task's retry settings ({@link RetryPolicy}). Nothing
 * is recorded when the try was taken from the worker (state changed externally) or revoked.
 */
public final class FinalStateDecision {

    private FinalStateDecision() {}

    public static Optional<FinalState> decide(TaskOutcome outcome, TaskDefinition task, int tryNumber, int maxTries,
            Instant now) {
        return switch (outcome) {
            case TaskOutcome.Exited exited when exited.exitCode() == 0 ->
                    Optional.of(new FinalState(TaskState.SUCCESS, Optional.empty(), Optional.empty(), "task exited with code 0"));
            case TaskOutcome.Exited exited -> Optional.of(failure(exitReason(exited.exitCode()), task, tryNumber, maxTries, now));
            case TaskOutcome.TimedOut timedOut -> Optional.of(failure("execution_timeout of "
                    + describe(timedOut.executionTimeout()) + " exceeded; the task was stopped", task, tryNumber, maxTries, now));
            case TaskOutcome.Stopped stopped -> stopped.request().recordFailure()
                    ? Optional.of(failure(stopped.request().reason(), task, tryNumber, maxTries, now)) : Optional.empty();
            case TaskOutcome.FailedToStart failed -> Optional.of(failure(failed.reason(), task, tryNumber, maxTries, now));
            case TaskOutcome.Lost lost -> Optional.empty();
        };
    }

    static String exitReason(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 65) {
            return "task exited with code " + exitCode + " (killed by signal " + (exitCode - 128) + ")";
        }
        return "task exited with code " + exitCode;
    }

    /** {@code 90s}, {@code 1.5s}: seconds as users write them in DAG files. */
    static String describe(Duration duration) {
        if (duration.toMillisPart() == 0 && duration.toNanosPart() == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() / 1000.0 + "s";
    }

    private static FinalState failure(String reason, TaskDefinition task, int tryNumber, int maxTries, Instant now) {
        RetryPolicy.Decision decision = RetryPolicy.onFailure(task, tryNumber, maxTries, now);
        String stateReason = decision.nextRetryAt().map(at -> reason + "; try " + (tryNumber + 1) + " of "
                + (Math.max(maxTries, task.retries()) + 1) + " not before " + at).orElse(reason);
        return new FinalState(decision.state(), Optional.of(reason), decision.nextRetryAt(), stateReason);
    }
}
