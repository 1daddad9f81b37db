package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's LocalExecutor: runs each try as a local worker process ({@code taskpod tasks run …}, the same command
 * a pod runs), at most {@code parallelism} at once. The worker claims the try, runs the task and records its
 * state in the database; this executor only reports how the process ended:
 * exit 0 → {@code SUCCESS}; {@link WorkerExitCode#REFUSED} (a duplicate or stale launch) → forgotten without an
 * event; anything else → {@code FAILED} with the exit code and the tail of the worker's stderr.
 *
 * <p>Process exits are noticed on other threads, wake the scheduler ({@link #onEventsPending}) and are applied in
 * {@link #sync()}, on the scheduler's thread.
 */
public final class LocalExecutor extends BaseExecutor {

    /** The name this executor is configured under. */
    public static final String NAME = "LocalExecutor";

    private static final Logger log = LoggerFactory.getLogger(LocalExecutor.class);
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private final WorkerLauncher launcher;
    private final String hostname;
    private final Duration stopGrace;
    private final Map<TaskInstanceKey, Worker> workers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Exited> exits = new ConcurrentLinkedQueue<>();

    /** A running worker; {@code reported} completes once its exit is queued for {@link #sync()}. */
    private record Worker(WorkerProcess process, CompletableFuture<Void> reported) {}

    private record Exited(TaskInstanceKey key, WorkerProcess process, WorkerExit exit) {}

    /**
     * @param parallelism at most this many workers at once (0: unlimited)
     * @param hostname this machine's name, reported in the external executor id {@code local:<hostname>:<pid>}
     * @param stopGrace how long {@link #terminate()} lets workers stop their tasks and record the failure before
     *     killing them; at least {@code [core] killed_task_cleanup_time} plus a few seconds
     */
    public LocalExecutor(int parallelism, WorkerLauncher launcher, String hostname, Duration stopGrace) {
        super(NAME, parallelism);
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    }

    @Override
    public void start() {
        log.info("{} started: parallelism {}", NAME, parallelism());
    }

    @Override
    protected void executeAsync(ExecuteTask workload) {
        TaskInstanceKey key = workload.key();
        WorkerProcess process;
        try {
            process = launcher.launch(key, workload.command());
        } catch (IOException | RuntimeException e) {
            log.error("{}: could not start the worker for {}: {}", NAME, key, e.getMessage());
            fail(key, "could not start the worker: " + e.getMessage());
            return;
        }
        track(key, process);
        recordEvent(key, TaskState.QUEUED, externalId(process));
        log.debug("{}: started worker pid {} for {}", NAME, process.pid(), key);
    }

    private void track(TaskInstanceKey key, WorkerProcess process) {
        workers.put(key, new Worker(process, process.onExit().thenAccept(exit -> {
            exits.add(new Exited(key, process, exit));
            eventsPending();
        })));
    }

    /**
     * Takes over the tries whose worker, started on this host by an earlier run of this scheduler, is still alive
     * (a worker outlives its scheduler): their exits are reported like those of workers started here, except that
     * the exit code is unknown, so an adopted worker's end is a {@code FAILED} event that the scheduler reconciles
     * with the state the worker recorded. Returns the others (no local worker id, another host, worker gone),
     * which the scheduler resets.
     */
    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        List<TaskInstance> notAdopted = new ArrayList<>();
        for (TaskInstance taskInstance : taskInstances) {
            TaskInstanceKey key = taskInstance.key();
            if (hasTask(key)) {
                continue;
            }
            Optional<WorkerProcess> worker = taskInstance.state().isExecuting()
                    ? taskInstance.externalExecutorId().flatMap(LocalWorkerId::parse)
                            .filter(id -> id.hostname().equals(hostname))
                            .flatMap(id -> AdoptedWorkerProcess.find(id.pid(),
                                    WorkerCommand.forLaunch(key, taskInstance.launchAttempt())))
                    : Optional.empty();
            if (worker.isPresent()) {
                log.info("{}: adopted {}: its worker pid {} is still running", NAME, key, worker.get().pid());
                addRunning(key);
                track(key, worker.get());
            } else {
                notAdopted.add(taskInstance);
            }
        }
        return notAdopted;
    }

    @Override
    public void sync() {
        for (Exited exited = exits.poll(); exited != null; exited = exits.poll()) {
            apply(exited);
        }
    }

    private void apply(Exited exited) {
        TaskInstanceKey key = exited.key();
        Worker worker = workers.get(key);
        if (worker == null || worker.process() != exited.process()) {
            return;
        }
        workers.remove(key);
        switch (WorkerOutcome.of(exited.exit())) {
            case WorkerOutcome.Succeeded succeeded -> success(key, externalId(exited.process()));
            case WorkerOutcome.Refused refused -> {
                log.info("{}: the worker for {} refused the try (a duplicate or stale launch); forgetting it", NAME, key);
                removeRunning(key);
            }
            case WorkerOutcome.Failed failed -> {
                log.warn("{}: {} failed: {}", NAME, key, failed.info());
                fail(key, failed.info());
            }
        }
    }

    /** Waits for every running worker to finish, then applies their exits. Queued workloads are not started. */
    @Override
    public void end() {
        log.info("{}: waiting for {} running workers", NAME, workers.size());
        List<Worker> running = List.copyOf(workers.values());
        awaitReported(running, FOREVER);
        sync();
    }

    /**
     * Asks every worker to stop (SIGTERM: it stops its task and records the failure), waits up to the stop grace,
     * then kills whatever is left with its whole process tree.
     */
    @Override
    public void terminate() {
        List<Worker> running = List.copyOf(workers.values());
        log.info("{}: terminating {} workers", NAME, running.size());
        running.forEach(worker -> worker.process().requestStop());
        if (!awaitReported(running, stopGrace)) {
            running.stream().filter(worker -> !worker.reported().isDone()).forEach(worker -> {
                log.warn("{}: worker pid {} did not stop within {}; killing its process tree", NAME,
                        worker.process().pid(), stopGrace);
                worker.process().kill();
            });
            awaitReported(running, FOREVER);
        }
        sync();
    }

    /** Kills the try's worker and its task at once, and forgets the try; records nothing. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        Worker worker = workers.remove(key);
        if (worker != null) {
            log.info("{}: revoking {}: killing worker pid {}", NAME, key, worker.process().pid());
            worker.process().kill();
        }
        super.revokeTask(key);
    }

    /** The process ids of the running workers, by try. */
    public Map<TaskInstanceKey, Long> workerPids() {
        return workers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().process().pid(),
                (a, b) -> a, LinkedHashMap::new));
    }

    private String externalId(WorkerProcess process) {
        return new LocalWorkerId(hostname, process.pid()).format();
    }

    /** Waits until the exits of {@code workers} are queued, at most {@code timeout}. */
    private static boolean awaitReported(List<Worker> workers, Duration timeout) {
        CompletableFuture<Void> all = CompletableFuture.allOf(workers.stream().map(Worker::reported)
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
