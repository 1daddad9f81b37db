package io.taskpod.kubernetes.watch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link SerialScheduler} on one daemon thread; a task that throws is logged and the thread goes on. */
public final class SingleThreadScheduler implements SerialScheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SingleThreadScheduler.class);

    private final ScheduledExecutorService executor;

    public SingleThreadScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guarded(task));
        }
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        if (!executor.isShutdown()) {
            executor.schedule(guarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs what was already submitted (not what is delayed), then stops; waits up to {@code timeout}. */
    public void shutdown(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Unexpected error in {}", Thread.currentThread().getName(), e);
            }
        };
    }
}
