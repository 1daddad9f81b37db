package io.taskpod.app.worker;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.core.port.TryStore;
import io.taskpod.store.worker.StoreUnavailableException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One try from its claim to its recorded state, as a pod's worker ({@link Worker}) and the LocalExecutor's
 * supervisor ({@link LocalTaskRunner}) both run it: claim it (a compare-and-set on the try and its launch attempt:
 * a stale, duplicate or revoked launch is refused before anything runs), run the task with its heartbeats ({@link TaskSupervisor}), and record the final
 * state ({@link FinalStateDecision}), each through the {@link TryStore}.
 */
final class TryExecution {

    private final TryStore store;
    private final TaskSupervisor supervisor;
    private final Function<String, Optional<String>> queueNotice;
    private final Clock clock;

    /** @param queueNotice what the task log says about a task's queue ({@link WorkerSettings#queueNotice()}) */
    TryExecution(TryStore store, TaskSupervisor supervisor, Function<String, Optional<String>> queueNotice,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.queueNotice = Objects.requireNonNull(queueNotice, "queueNotice");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Claims the try for launch {@code launchAttempt}, runs and records it; the store's exceptions propagate when it
     * cannot be reached.
     */
    WorkerResult run(TaskInstanceKey key, int launchAttempt, TaskDefinition task, TaskLaunch launch, TryOwner owner, StopSignal stop,
            TaskLogWriter taskLog) {
        if (stop.request().isPresent()) {
            taskLog.line("stop requested before the try was claimed: " + stop.request().get().reason() + "; nothing was run");
            return WorkerResult.error("stopped before the task started: " + stop.request().get().reason());
        }
        int maxTries;
        switch (store.claim(key, launchAttempt, owner)) {
            case ClaimResult.Refused refused -> {
                taskLog.refused(refused.reason());
                return WorkerResult.refused(refused.reason());
            }
            case ClaimResult.Claimed claimed -> maxTries = claimed.maxTries();
        }
        taskLog.claimed();
        taskLog.line("claimed try " + key.tryNumber() + "; running: " + launch.display());
        queueNotice.apply(task.queue()).ifPresent(taskLog::line);
        task.executionTimeout().ifPresent(timeout -> taskLog.line("execution_timeout: " + FinalStateDecision.describe(timeout)));
        TaskOutcome outcome = supervisor.run(launch, task.executionTimeout(),
                () -> store.heartbeat(key, owner, clock.instant()), stop, taskLog);
        if (outcome instanceof TaskOutcome.Exited exited) {
            taskLog.line(FinalStateDecision.exitReason(exited.exitCode()));
        }
        return record(key, maxTries, owner, task, outcome, taskLog);
    }

    private WorkerResult record(TaskInstanceKey key, int maxTries, TryOwner owner, TaskDefinition task,
            TaskOutcome outcome, TaskLogWriter taskLog) {
        Optional<FinalState> decision = FinalStateDecision.decide(outcome, task, key.tryNumber(), maxTries,
                clock.instant());
        if (decision.isEmpty()) {
            String why = outcome instanceof TaskOutcome.Lost lost ? lost.reason() : "the try was revoked";
            taskLog.line("nothing recorded: " + why);
            return new WorkerResult(WorkerExitCode.TASK_FAILED, "task stopped, nothing recorded: " + why);
        }
        FinalState state = decision.get();
        OwnershipCheck written;
        try {
            written = store.finish(key, owner, state, clock.instant());
        } catch (StoreUnavailableException e) {
            taskLog.line("could not record " + state.state().dbValue() + ": " + e.getMessage());
            return WorkerResult.error("the task ended (" + state.stateReason() + ") but its state could not be recorded: "
                    + e.getMessage());
        }
        if (written instanceof OwnershipCheck.NotOwned notOwned) {
            taskLog.line("final state " + state.state().dbValue() + " not recorded: " + notOwned.reason());
            return new WorkerResult(WorkerExitCode.TASK_FAILED, "final state not recorded: " + notOwned.reason());
        }
        taskLog.line("final state: " + state.state().dbValue() + state.failureReason().map(r -> " (" + r + ")").orElse("")
                + state.nextRetryAt().map(at -> "; next try not before " + at).orElse(""));
        return state.state() == TaskState.SUCCESS
                ? new WorkerResult(WorkerExitCode.SUCCESS, "success")
                : new WorkerResult(WorkerExitCode.TASK_FAILED, state.state().dbValue() + ": " + state.stateReason());
    }
}
