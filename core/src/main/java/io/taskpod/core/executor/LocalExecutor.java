package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's LocalExecutor: runs each try's task as a child process of the scheduler, at most {@code parallelism}
 * at once, through its {@link TaskRunner}, which claims the try, supervises the task and records its state in the
 * database, exactly as a pod's worker ({@code taskpod tasks run}) does, without a JVM per task. This executor
 * reports how each run ended: exit 0 → {@code SUCCESS}; {@link WorkerExitCode#REFUSED} (a duplicate or stale launch)
 * → forgotten without an event; anything else → {@code FAILED} with the reason.
 *
 * <p>Ends of runs are noticed on other threads, wake the scheduler ({@link #onEventsPending}) and are applied in
 * {@link #sync()}, on the scheduler's thread. A try launched by a scheduler that died is not adopted: its task was
 * stopped with that scheduler ({@link TaskWatchdog}), and the scheduler's zombie check fails or retries the try once
 * its heartbeat is older than {@code task_instance_heartbeat_timeout}.
 */
public final class LocalExecutor extends BaseExecutor {

    /** The name this executor is configured under. */
    public static final String NAME = "LocalExecutor";

    private static final Logger log = LoggerFactory.getLogger(LocalExecutor.class);
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private final TaskRunner runner;
    private final String externalExecutorId;
    private final Duration stopGrace;
    private final Map<TaskInstanceKey, Supervised> tries = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Ended> ended = new ConcurrentLinkedQueue<>();

    /** A try being run; {@code reported} completes once its end is queued for {@link #sync()}. */
    private record Supervised(RunningTry run, CompletableFuture<Void> reported) {}

    private record Ended(TaskInstanceKey key, RunningTry run, WorkerExit exit) {}

    /**
     * @param parallelism at most this many tries at once (0: unlimited)
     * @param externalExecutorId where its tries run, reported in each {@code QUEUED} event, e.g.
     *     {@code local:<host>:<scheduler pid>}
     * @param stopGrace how long {@link #terminate()} lets tasks stop and their failure be recorded before killing
     *     them; at least {@code [core] killed_task_cleanup_time} plus a few seconds
     */
    public LocalExecutor(int parallelism, TaskRunner runner, String externalExecutorId, Duration stopGrace) {
        super(NAME, parallelism);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.externalExecutorId = Objects.requireNonNull(externalExecutorId, "externalExecutorId");
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    }

    @Override
    public void start() {
        log.info("{} started: parallelism {}", NAME, parallelism());
    }

    @Override
    protected void executeAsync(ExecuteTask workload) {
        TaskInstanceKey key = workload.key();
        RunningTry run = runner.start(workload);
        tries.put(key, new Supervised(run, run.onEnd().thenAccept(exit -> {
            ended.add(new Ended(key, run, exit));
            eventsPending();
        })));
        recordEvent(key, TaskState.QUEUED, externalExecutorId);
        log.debug("{}: started {}", NAME, key);
    }

    @Override
    public void sync() {
        for (Ended end = ended.poll(); end != null; end = ended.poll()) {
            apply(end);
        }
    }

    private void apply(Ended end) {
        TaskInstanceKey key = end.key();
        Supervised current = tries.get(key);
        if (current == null || current.run() != end.run()) {
            return;
        }
        tries.remove(key);
        switch (WorkerOutcome.of(end.exit())) {
            case WorkerOutcome.Succeeded succeeded -> success(key, end.exit().message());
            case WorkerOutcome.Refused refused -> {
                log.info("{}: {} was refused (a duplicate or stale launch): {}; forgetting it", NAME, key,
                        end.exit().message());
                removeRunning(key);
            }
            case WorkerOutcome.Failed failed -> {
                log.warn("{}: {} failed: {}", NAME, key, failed.info());
                fail(key, failed.info());
            }
        }
    }

    /** Waits for every running try to end, then applies their ends. Queued workloads are not started. */
    @Override
    public void end() {
        log.info("{}: waiting for {} running tasks", NAME, tries.size());
        awaitReported(List.copyOf(tries.values()), FOREVER);
        sync();
        runner.close();
    }

    /**
     * Asks every running task to stop (SIGTERM; its failure is recorded), waits up to the stop grace, then kills
     * whatever is left with its whole process tree.
     */
    @Override
    public void terminate() {
        List<Supervised> running = List.copyOf(tries.values());
        log.info("{}: terminating {} running tasks", NAME, running.size());
        running.forEach(supervised -> supervised.run().stop("the scheduler was stopped while the task ran"));
        if (!awaitReported(running, stopGrace)) {
            running.stream().filter(supervised -> !supervised.reported().isDone()).forEach(supervised ->
                    supervised.run().revoke("it did not stop within " + stopGrace.toSeconds() + "s"));
            awaitReported(running, FOREVER);
        }
        sync();
        runner.close();
    }

    /** Kills the try's task at once and forgets the try; records nothing. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        Supervised revoked = tries.remove(key);
        if (revoked != null) {
            log.info("{}: revoking {}: killing its task", NAME, key);
            revoked.run().revoke("revoked by the scheduler");
        }
        super.revokeTask(key);
    }

    /** Waits until the ends of {@code tries} are queued, at most {@code timeout}. */
    private static boolean awaitReported(List<Supervised> tries, Duration timeout) {
        CompletableFuture<Void> all = CompletableFuture.allOf(tries.stream().map(Supervised::reported)
                .toArray(CompletableFuture[]::new));
        try {
            all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
