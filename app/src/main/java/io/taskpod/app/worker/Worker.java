package io.taskpod.app.worker;

import io.taskpod.app.remotelog.LogUploads;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.TaskProcessGuard;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.worker.ClaimRefusal;
import io.taskpod.store.worker.TryState;
import io.taskpod.store.worker.WorkerStoreException;
import io.taskpod.store.worker.WorkerTryStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code taskpod tasks run}: runs one try of one task instance, exactly once.
 *
 * <ol>
 *   <li>Reads the task instance; a try (or a launch of it) that is not the current queued one is refused before
 *       anything else.</li>
 *   <li>Loads the DAG from the file the scheduler recorded, and the task.</li>
 *   <li>Claims the try (a compare-and-set on the try and its launch attempt), runs the task and records the final
 *       state ({@link TryExecution}): a duplicate or stale worker, or the worker of a launch the scheduler revoked,
 *       is refused ({@link WorkerExitCode#REFUSED}) without running anything.</li>
 * </ol>
 *
 * <p>Exit codes: 0 when success was recorded; {@link WorkerExitCode#TASK_FAILED} when the task failed (or its try
 * was taken away); {@link WorkerExitCode#WORKER_ERROR} when the worker could not do its job, with the reason.
 */
public final class Worker {

    private final WorkerTryStore store;
    private final DagLookup dags;
    private final TaskLogFiles logFiles;
    private final LogUploads logUploads;
    private final TryExecution execution;
    private final Clock clock;
    private final WorkerHost host;
    private final Map<String, String> environment;
    private final PrintStream echo;

    /**
     * @param environment the worker's own environment, handed on to the task (see {@link TaskLaunch})
     * @param echo where the task log is echoed (the worker's stdout)
     */
    public Worker(WorkerTryStore store, DagLookup dags, WorkerSettings settings, Clock clock, WorkerHost host,
            Map<String, String> environment, PrintStream echo) {
        this.store = Objects.requireNonNull(store, "store");
        this.dags = Objects.requireNonNull(dags, "dags");
        this.logFiles = new TaskLogFiles(settings.baseLogFolder(), clock);
        this.logUploads = settings.logUploads();
        this.execution = new TryExecution(store, new TaskSupervisor(clock, settings.heartbeatInterval(),
                settings.killGrace(), TaskProcessGuard.NONE), settings.queueNotice(), clock);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = Objects.requireNonNull(host, "host");
        this.environment = Map.copyOf(environment);
        this.echo = Objects.requireNonNull(echo, "echo");
    }

    /** Runs the requested try; never throws for a failure it can describe. */
    public WorkerResult run(WorkerRequest request, StopSignal stop) {
        try {
            Optional<TryState> current = store.currentTry(request.id());
            int tryNumber = request.tryNumber().orElse(current.map(TryState::tryNumber).orElse(0));
            int launchAttempt = request.launchAttempt().orElse(current.map(TryState::launchAttempt).orElse(0));
            TaskInstanceKey key = request.id().withTry(tryNumber);
            try (TaskLogWriter taskLog = TaskLogWriter.open(logFiles, key, logUploads, echo, clock)) {
                taskLog.line("worker " + host.hostname() + " pid " + host.pid() + " for " + key);
                Optional<String> refusal = ClaimRefusal.reason(request.id(), tryNumber, launchAttempt, current);
                if (refusal.isPresent()) {
                    taskLog.refused(refusal.get());
                    return WorkerResult.refused(refusal.get());
                }
                try {
                    return claimAndRun(key, launchAttempt, stop, taskLog);
                } catch (WorkerStoreException | WorkerError e) {
                    taskLog.line("worker error: " + e.getMessage());
                    throw e;
                }
            }
        } catch (WorkerStoreException | WorkerError e) {
            return WorkerResult.error(e.getMessage());
        }
    }

    private WorkerResult claimAndRun(TaskInstanceKey key, int launchAttempt, StopSignal stop, TaskLogWriter taskLog) {
        String fileloc = store.dagFileloc(key.dagId()).orElseThrow(() -> new WorkerError("DAG '" + key.dagId()
                + "' is not in the database (table dag): no scheduler has recorded its file"));
        Dag dag = dags.load(fileloc, key.dagId());
        TaskDefinition task = dag.task(key.taskId()).orElseThrow(() -> new WorkerError("DAG '" + key.dagId()
                + "' (file " + fileloc + ") has no task '" + key.taskId() + "'; its tasks: "
                + String.join(", ", dag.tasks().keySet())));
        TaskLaunch launch = TaskLaunch.of(task, key, TaskLaunch.mapItem(task, key, "file " + fileloc), environment);
        return execution.run(key, launchAttempt, task, launch, new TryOwner(host.hostname(), host.pid(), clock.instant()),
                stop, taskLog);
    }
}
