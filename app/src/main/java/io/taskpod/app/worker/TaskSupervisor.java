package io.taskpod.app.worker;

import io.taskpod.core.executor.ProcessTree;
import io.taskpod.core.executor.TaskProcessGuard;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.store.worker.WorkerStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's process to its end: copies its output (stdout and stderr merged) to the task log, heartbeats the
 * task instance every interval from another thread, and stops the whole process tree (SIGTERM, then SIGKILL after
 * the kill grace) when {@code execution_timeout} passes, when the worker is asked to stop, or when a heartbeat
 * finds that the try is no longer the worker's; a revoked try's tree is killed at once. The task runs in a fresh
 * temporary folder, removed afterwards. The {@link TaskProcessGuard} guards the process from its start to its end.
 * One supervisor runs any number of tasks at once; their output copiers and heartbeats share its threads.
 */
final class TaskSupervisor implements AutoCloseable {

    /** One heartbeat of the task instance; throws {@link WorkerStoreException} when the database is unreachable. */
    @FunctionalInterface
    interface Heartbeat {
        OwnershipCheck beat();
    }

    private static final Logger log = LoggerFactory.getLogger(TaskSupervisor.class);
    private static final Duration OUTPUT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration heartbeatInterval;
    private final Duration killGrace;
    private final TaskProcessGuard guard;
    /** Copies task output and runs heartbeats; threads are reused from task to task. */
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("task-io-", 1).factory());
    /** Tells when heartbeats are due; the heartbeats themselves run on {@link #threads}. Its thread ends when idle. */
    private final ScheduledThreadPoolExecutor timer = idleEnding(new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("task-heartbeat-timer").factory()));

    TaskSupervisor(Clock clock, Duration heartbeatInterval, Duration killGrace, TaskProcessGuard guard) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    private static ScheduledThreadPoolExecutor idleEnding(ScheduledThreadPoolExecutor executor) {
        executor.setKeepAliveTime(30, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Stops its threads once no task runs any more. */
    @Override
    public void close() {
        timer.shutdownNow();
        threads.shutdown();
    }

    TaskOutcome run(TaskLaunch launch, Optional<Duration> executionTimeout, Heartbeat heartbeat, StopSignal stop,
            TaskLogWriter taskLog) {
        if (stop.request().isPresent()) {
            return new TaskOutcome.Stopped(stop.request().get());
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("taskpod-task-");
        } catch (IOException e) {
            return new TaskOutcome.FailedToStart("could not create a working folder for the task: " + e.getMessage());
        }
        try {
            return runIn(workDir, launch, executionTimeout, heartbeat, stop, taskLog);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private TaskOutcome runIn(Path workDir, TaskLaunch launch, Optional<Duration> executionTimeout, Heartbeat heartbeat,
            StopSignal stop, TaskLogWriter taskLog) {
        ProcessBuilder builder = new ProcessBuilder(launch.argv()).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new TaskOutcome.FailedToStart("could not start " + launch.argv().getFirst() + ": " + e.getMessage());
        }
        Instant started = clock.instant();
        TaskProcessGuard.Registration guarded = guard.register(process.toHandle());
        taskLog.line("task started: pid " + process.pid());
        closeQuietly(process.getOutputStream());
        Future<?> pump = threads.submit(() -> copyOutput(process.getInputStream(), taskLog));
        CompletableFuture<String> lost = new CompletableFuture<>();
        AtomicBoolean databaseUnreachable = new AtomicBoolean();
        AtomicBoolean beating = new AtomicBoolean();
        ScheduledFuture<?> heartbeats = timer.scheduleWithFixedDelay(() -> {
            if (beating.compareAndSet(false, true)) {
                threads.execute(() -> {
                    try {
                        beat(heartbeat, lost, taskLog, databaseUnreachable);
                    } finally {
                        beating.set(false);
                    }
                });
            }
        }, heartbeatInterval.toNanos(), heartbeatInterval.toNanos(), TimeUnit.NANOSECONDS);
        try {
            TaskOutcome outcome = await(process, executionTimeout.map(started::plus), executionTimeout, stop, lost);
            if (outcome instanceof TaskOutcome.Stopped stopped && !stopped.request().recordFailure()) {
                taskLog.line(stopMessage(outcome) + "; killing the task's processes");
                ProcessTree.kill(process.toHandle());
            } else if (!(outcome instanceof TaskOutcome.Exited)) {
                taskLog.line(stopMessage(outcome) + "; sending SIGTERM to the task's processes (SIGKILL after "
                        + FinalStateDecision.describe(killGrace) + ")");
                boolean exited = ProcessTree.terminate(process.toHandle(), killGrace);
                taskLog.line(exited ? "task stopped" : "task did not stop within the grace period and was killed");
            }
            return outcome;
        } finally {
            heartbeats.cancel(false);
            drain(pump, process);
            process.onExit().thenRun(guarded::release);
        }
    }

    private TaskOutcome await(Process process, Optional<Instant> deadline, Optional<Duration> executionTimeout,
            StopSignal stop, CompletableFuture<String> lost) {
        CompletableFuture<Object> first = CompletableFuture.anyOf(
                process.onExit().thenApply(p -> new TaskOutcome.Exited(p.exitValue())),
                stop.future().thenApply(TaskOutcome.Stopped::new),
                lost.thenApply(TaskOutcome.Lost::new));
        try {
            if (deadline.isEmpty()) {
                return (TaskOutcome) first.get();
            }
            Duration remaining = Duration.between(clock.instant(), deadline.get());
            return (TaskOutcome) first.get(Math.max(0, remaining.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new TaskOutcome.TimedOut(executionTimeout.orElseThrow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome.Stopped(new StopSignal.Request("the worker was interrupted", true));
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for the task failed", e.getCause());
        }
    }

    private static String stopMessage(TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.TimedOut timedOut -> "execution_timeout of "
                    + FinalStateDecision.describe(timedOut.executionTimeout()) + " exceeded";
            case TaskOutcome.Stopped stopped -> "stop requested: " + stopped.request().reason();
            case TaskOutcome.Lost lost -> "this try is no longer this worker's: " + lost.reason();
            case TaskOutcome.Exited exited -> "task exited with code " + exited.exitCode();
            case TaskOutcome.FailedToStart failed -> failed.reason();
        };
    }

    private static void beat(Heartbeat heartbeat, CompletableFuture<String> lost, TaskLogWriter taskLog,
            AtomicBoolean databaseUnreachable) {
        try {
            OwnershipCheck check = heartbeat.beat();
            if (databaseUnreachable.compareAndSet(true, false)) {
                taskLog.line("heartbeat: the database is reachable again");
            }
            if (check instanceof OwnershipCheck.NotOwned notOwned) {
                lost.complete(notOwned.reason());
            }
        } catch (WorkerStoreException e) {
            if (databaseUnreachable.compareAndSet(false, true)) {
                taskLog.line("heartbeat failed, the task keeps running: " + e.getMessage());
            }
            log.warn("heartbeat failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("heartbeat failed unexpectedly", e);
        }
    }

    private static void copyOutput(InputStream output, TaskLogWriter taskLog) {
        byte[] buffer = new byte[8192];
        try (output) {
            for (int read = output.read(buffer); read >= 0; read = output.read(buffer)) {
                taskLog.output(buffer, 0, read);
            }
        } catch (IOException e) {
            log.debug("task output closed: {}", e.getMessage());
        }
    }

    /**
     * Waits for the task's output to be copied. A background process the task left behind may hold the output
     * open; after a short wait the worker stops reading it.
     */
    private static void drain(Future<?> pump, Process process) {
        try {
            pump.get(OUTPUT_DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeQuietly(process.getInputStream());
            try {
                pump.get(OUTPUT_DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException stillBusy) {
                log.debug("task output not drained: {}", stillBusy.getMessage());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            log.debug("task output copy failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do: the stream is gone either way
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a file the task left read-only or in use; the temporary folder is cleaned by the system
                }
            });
        } catch (IOException e) {
            log.debug("could not remove the task's working folder {}: {}", folder, e.getMessage());
        }
    }
}
