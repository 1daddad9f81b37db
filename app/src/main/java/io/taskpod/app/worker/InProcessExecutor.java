package io.taskpod.app.worker;

import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerExit;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.executor.WorkerOutcome;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs each try with the worker code in this process, on at most {@code parallelism} threads: what
 * {@code taskpod dags test} uses to run one DAG run in a single process. Outcomes are reported exactly as the
 * LocalExecutor reports its worker processes' exits.
 */
public final class InProcessExecutor extends BaseExecutor {

    /** The name this executor reports under. */
    public static final String NAME = "InProcessExecutor";

    private final Worker worker;
    private final String externalId;
    private final ExecutorService threads;
    private final Map<TaskInstanceKey, Running> tries = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();

    private record Running(StopSignal stop, CompletableFuture<Void> reported) {}

    private record Finished(TaskInstanceKey key, StopSignal stop, WorkerResult result) {}

    /** @param parallelism at most this many tries at once, at least 1 */
    public InProcessExecutor(int parallelism, Worker worker, WorkerHost host) {
        super(NAME, requirePositive(parallelism));
        this.worker = Objects.requireNonNull(worker, "worker");
        this.externalId = "in-process:" + host.hostname() + ":" + host.pid();
        this.threads = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().daemon().name("in-process-worker-", 1)
                .factory());
    }

    @Override
    public void start() {
        // threads are ready from construction
    }

    @Override
    protected void executeAsync(ExecuteTask workload) {
        TaskInstanceKey key = workload.key();
        WorkerRequest request = new WorkerRequest(key.dagId(), key.taskId(), key.runId(), Optional.of(key.tryNumber()),
                Optional.of(workload.launchAttempt()), key.mapIndex());
        StopSignal stop = new StopSignal();
        CompletableFuture<Void> reported = CompletableFuture.supplyAsync(() -> worker.run(request, stop), threads)
                .exceptionally(error -> new WorkerResult(WorkerExitCode.WORKER_ERROR, "the worker failed: " + error))
                .thenAccept(result -> finished.add(new Finished(key, stop, result)));
        tries.put(key, new Running(stop, reported));
        recordEvent(key, TaskState.QUEUED, externalId);
    }

    @Override
    public void sync() {
        for (Finished done = finished.poll(); done != null; done = finished.poll()) {
            Running current = tries.get(done.key());
            if (current == null || current.stop() != done.stop()) {
                continue;
            }
            tries.remove(done.key());
            switch (WorkerOutcome.of(new WorkerExit(done.result().exitCode(), done.result().message()))) {
                case WorkerOutcome.Succeeded succeeded -> success(done.key(), externalId);
                case WorkerOutcome.Refused refused -> removeRunning(done.key());
                case WorkerOutcome.Failed failed -> fail(done.key(), failed.info());
            }
        }
    }

    /** Waits for the running tries to finish. */
    @Override
    public void end() {
        awaitAll();
        threads.shutdown();
    }

    /** Stops the running tasks (each records its failure), waits for them, and stops the threads. */
    @Override
    public void terminate() {
        tries.values().forEach(r -> r.stop().requestStop("taskpod dags test was stopped"));
        awaitAll();
        threads.shutdownNow();
    }

    /** Stops the try's task without recording anything, and forgets it. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        Running revoked = tries.remove(key);
        if (revoked != null) {
            revoked.stop().requestRevoke("revoked by the scheduler");
        }
        super.revokeTask(key);
    }

    private void awaitAll() {
        List<CompletableFuture<Void>> pending = tries.values().stream().map(Running::reported).toList();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        sync();
    }

    private static int requirePositive(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("the in-process executor needs parallelism >= 1, got " + parallelism);
        }
        return parallelism;
    }
}
