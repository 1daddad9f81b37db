package io.taskpod.app.worker;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.worker.ClaimRefusal;
import io.taskpod.store.worker.ClaimResult;
import io.taskpod.store.worker.FinalState;
import io.taskpod.store.worker.OwnershipCheck;
import io.taskpod.store.worker.StoreUnavailableException;
import io.taskpod.store.worker.TryOwner;
import io.taskpod.store.worker.TryState;
import io.taskpod.store.worker.WorkerStoreException;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code taskpod tasks run}: runs one try of one task instance, exactly once.
 *
 * <ol>
 *   <li>Reads the task instance; a try (or a launch of it) that is not the current queued one is refused before
 *       anything else.</li>
 *   <li>Loads the DAG from the file the scheduler recorded, and the task.</li>
 *   <li>Claims the try ({@code queued → running}, a compare-and-set on the try and its launch attempt); a duplicate
 *       or stale worker, or the worker of a launch the scheduler revoked, is refused ({@link WorkerExitCode#REFUSED})
 *       without running anything.</li>
 *   <li>Runs the task ({@link TaskSupervisor}) with its log in {@code base_log_folder}, heartbeats, timeout and
 *       stop handling.</li>
 *   <li>Records the final state ({@link FinalStateDecision}), retrying through database outages.</li>
 * </ol>
 *
 * <p>Exit codes: 0 when success was recorded; {@link WorkerExitCode#TASK_FAILED} when the task failed (or its try
 * was taken away); {@link WorkerExitCode#WORKER_ERROR} when the worker could not do its job, with the reason.
 */
public final class Worker {

    private final WorkerTaskStore store;
    private final DagLookup dags;
    private final TaskLogFiles logFiles;
    private final TaskSupervisor supervisor;
    private final Clock clock;
    private final WorkerHost host;
    private final Map<String, String> environment;
    private final PrintStream echo;
    private final Function<String, Optional<String>> queueNotice;

    /**
     * @param environment the worker's own environment, handed on to the task (see {@link TaskLaunch})
     * @param echo where the task log is echoed (the worker's stdout)
     */
    public Worker(WorkerTaskStore store, DagLookup dags, WorkerSettings settings, Clock clock, WorkerHost host,
            Map<String, String> environment, PrintStream echo) {
        this.store = Objects.requireNonNull(store, "store");
        this.dags = Objects.requireNonNull(dags, "dags");
        this.logFiles = new TaskLogFiles(settings.baseLogFolder(), clock);
        this.supervisor = new TaskSupervisor(clock, settings.heartbeatInterval(), settings.killGrace());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = Objects.requireNonNull(host, "host");
        this.environment = Map.copyOf(environment);
        this.echo = Objects.requireNonNull(echo, "echo");
        this.queueNotice = settings.queueNotice();
    }

    /** Runs the requested try; never throws for a failure it can describe. */
    public WorkerResult run(WorkerRequest request, StopSignal stop) {
        try {
            Optional<TryState> current = store.currentTry(request.id());
            int tryNumber = request.tryNumber().orElse(current.map(TryState::tryNumber).orElse(0));
            int launchAttempt = request.launchAttempt().orElse(current.map(TryState::launchAttempt).orElse(0));
            TaskInstanceKey key = request.id().withTry(tryNumber);
            try (TaskLogWriter taskLog = TaskLogWriter.open(logFiles.pathOf(key), echo, clock)) {
                taskLog.line("worker " + host.hostname() + " pid " + host.pid() + " for " + key);
                Optional<String> refusal = ClaimRefusal.reason(request.id(), tryNumber, launchAttempt, current);
                if (refusal.isPresent()) {
                    taskLog.line("refused: " + refusal.get() + "; nothing was run");
                    return WorkerResult.refused(refusal.get());
                }
                try {
                    return claimAndRun(key, launchAttempt, current.get().maxTries(), stop, taskLog);
                } catch (WorkerStoreException | WorkerError e) {
                    taskLog.line("worker error: " + e.getMessage());
                    throw e;
                }
            }
        } catch (WorkerStoreException | WorkerError e) {
            return WorkerResult.error(e.getMessage());
        }
    }

    private WorkerResult claimAndRun(TaskInstanceKey key, int launchAttempt, int maxTries, StopSignal stop,
            TaskLogWriter taskLog) {
        String fileloc = store.dagFileloc(key.dagId()).orElseThrow(() -> new WorkerError("DAG '" + key.dagId()
                + "' is not in the database (table dag): no scheduler has recorded its file"));
        Dag dag = dags.load(fileloc, key.dagId());
        TaskDefinition task = dag.task(key.taskId()).orElseThrow(() -> new WorkerError("DAG '" + key.dagId()
                + "' (file " + fileloc + ") has no task '" + key.taskId() + "'; its tasks: "
                + String.join(", ", dag.tasks().keySet())));
        TaskLaunch launch = TaskLaunch.of(task, key, mapItem(task, key, fileloc), environment);
        if (stop.request().isPresent()) {
            taskLog.line("stop requested before the try was claimed: " + stop.request().get().reason() + "; nothing was run");
            return WorkerResult.error("stopped before the task started: " + stop.request().get().reason());
        }
        TryOwner owner = new TryOwner(host.hostname(), host.pid(), clock.instant());
        if (store.claim(key, launchAttempt, owner) instanceof ClaimResult.Refused refused) {
            taskLog.line("refused: " + refused.reason() + "; nothing was run");
            return WorkerResult.refused(refused.reason());
        }
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

    private WorkerResult record(TaskInstanceKey key, int maxTries, TryOwner owner, TaskDefinition task, TaskOutcome outcome,
            TaskLogWriter taskLog) {
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

    private static Optional<String> mapItem(TaskDefinition task, TaskInstanceKey key, String fileloc) {
        String which = "task '" + key.taskId() + "' of DAG '" + key.dagId() + "' (file " + fileloc + ")";
        if (task.expand().isEmpty()) {
            if (key.isMapped()) {
                throw new WorkerError(which + " is not mapped (no expand), so it has no map_index " + key.mapIndex());
            }
            return Optional.empty();
        }
        List<Object> items = task.expand().get();
        if (!key.isMapped()) {
            throw new WorkerError(which + " is mapped (expand): give --map-index 0.." + (items.size() - 1));
        }
        if (key.mapIndex() >= items.size()) {
            throw new WorkerError(which + " has " + items.size() + " expand items, none at map_index " + key.mapIndex());
        }
        return Optional.of(TaskLaunch.itemText(items.get(key.mapIndex())));
    }
}
