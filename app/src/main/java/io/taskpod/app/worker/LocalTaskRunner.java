package io.taskpod.app.worker;

import io.taskpod.app.remotelog.LogUploads;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.RunningTry;
import io.taskpod.core.executor.TaskRunner;
import io.taskpod.core.executor.TaskWatchdog;
import io.taskpod.core.executor.WorkerExit;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.TryOwner;
import io.taskpod.core.port.TryStore;
import io.taskpod.store.worker.WorkerStoreException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LocalExecutor's supervisor: runs each try on a thread of this process, exactly as a pod's worker runs one
 * ({@link TryExecution}: claim, run with heartbeats and timeout, record), with the task as a child process of this
 * process, guarded by a {@link TaskWatchdog} that stops it should this process die. The task comes from the
 * workload (the scheduler's parsed DAG), so nothing is read but the claim's row.
 */
public final class LocalTaskRunner implements TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(LocalTaskRunner.class);
    /** The stop signals of the tries every runner of this JVM is running, for {@link #stopAllNow}. */
    private static final Set<StopSignal> RUNNING = ConcurrentHashMap.newKeySet();

    private final TaskSupervisor supervisor;
    private final TryExecution execution;
    private final TaskLogFiles logFiles;
    private final LogUploads logUploads;
    private final Clock clock;
    private final WorkerHost host;
    private final Map<String, String> environment;
    private final PrintStream echo;
    private final TaskWatchdog watchdog;
    private final AutoCloseable resources;
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("local-task-", 1).factory());

    /**
     * @param environment the environment tasks start from (see {@link TaskLaunch}), e.g. this process's own
     * @param echo where task logs are echoed besides their files ({@code dags test}: stdout)
     * @param resources what to close with the runner, e.g. the store's connection pool
     */
    public LocalTaskRunner(TryStore store, WorkerSettings settings, Clock clock, WorkerHost host,
            Map<String, String> environment, PrintStream echo, TaskWatchdog watchdog, AutoCloseable resources) {
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.supervisor = new TaskSupervisor(clock, settings.heartbeatInterval(), settings.killGrace(), watchdog);
        this.execution = new TryExecution(store, supervisor, settings.queueNotice(), clock);
        this.logFiles = new TaskLogFiles(settings.baseLogFolder(), clock);
        this.logUploads = settings.logUploads();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = Objects.requireNonNull(host, "host");
        this.environment = Map.copyOf(environment);
        this.echo = Objects.requireNonNull(echo, "echo");
    }

    @Override
    public RunningTry start(ExecuteTask workload) {
        StopSignal stop = new StopSignal();
        RUNNING.add(stop);
        CompletableFuture<WorkerExit> end = CompletableFuture.supplyAsync(() -> run(workload, stop), threads)
                .exceptionally(error -> {
                    log.error("The run of {} failed unexpectedly", workload.key(), error);
                    return new WorkerResult(WorkerExitCode.WORKER_ERROR, "the run failed unexpectedly: " + error);
                })
                .thenApply(result -> {
                    RUNNING.remove(stop);
                    return new WorkerExit(result.exitCode(), result.message());
                });
        return new RunningTry() {
            @Override
            public CompletableFuture<WorkerExit> onEnd() {
                return end;
            }

            @Override
            public void stop(String reason) {
                stop.requestStop(reason);
            }

            @Override
            public void revoke(String reason) {
                stop.requestRevoke(reason);
            }
        };
    }

    private WorkerResult run(ExecuteTask workload, StopSignal stop) {
        TaskInstanceKey key = workload.key();
        try (TaskLogWriter taskLog = TaskLogWriter.open(logFiles, key, logUploads, echo, clock)) {
            taskLog.line("LocalExecutor on " + host.hostname() + " (scheduler pid " + host.pid() + ") for " + key);
            try {
                TaskDefinition task = workload.task().orElseThrow(() -> new WorkerError("DAG '" + key.dagId()
                        + "' as the scheduler loaded it has no task '" + key.taskId() + "'"));
                TaskLaunch launch = TaskLaunch.of(task, key, TaskLaunch.mapItem(task, key, "as the scheduler loaded it"),
                        environment);
                return execution.run(key, workload.launchAttempt(), task, launch,
                        new TryOwner(host.hostname(), host.pid(), clock.instant()), stop, taskLog);
            } catch (WorkerStoreException | WorkerError e) {
                taskLog.line("worker error: " + e.getMessage());
                return WorkerResult.error(e.getMessage());
            }
        } catch (WorkerError e) {
            return WorkerResult.error(e.getMessage());
        }
    }

    /**
     * Asks every task the LocalExecutors of this JVM run to stop now (SIGTERM, SIGKILL after
     * {@code killed_task_cleanup_time}), its failure recorded with {@code reason}: a second SIGTERM or Ctrl-C while the
     * scheduler waits for them. Safe from any thread; returns at once, with how many tasks were asked.
     */
    public static int stopAllNow(String reason) {
        List<StopSignal> running = List.copyOf(RUNNING);
        running.forEach(stop -> stop.requestStop(reason));
        return running.size();
    }

    /** Lets the threads, the watchdog and the resources go once the executor has ended. */
    @Override
    public void close() {
        threads.shutdown();
        supervisor.close();
        watchdog.close();
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("Could not close what the LocalExecutor's tasks used: {}", e.toString());
        }
    }
}
