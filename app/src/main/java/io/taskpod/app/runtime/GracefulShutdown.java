package io.taskpod.app.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM (and Ctrl-C) into an orderly stop: the shutdown hook asks the work to stop, then waits until the
 * main thread says it has cleaned up (executors ended, scheduler row marked stopped, database closed) before the
 * JVM goes on exiting. Without the wait, the JVM would halt while the database is still being written.
 */
public final class GracefulShutdown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    private GracefulShutdown(Runnable stop, Duration timeout) {
        this.hook = new Thread(() -> {
            log.info("Stopping (signal received)");
            stop.run();
            try {
                if (!cleanedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Did not stop within {}s; exiting anyway", timeout.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "taskpod-shutdown");
    }

    /** Registers the hook: on a signal, {@code stop} runs and the JVM waits up to {@code timeout} for {@link #close}. */
    public static GracefulShutdown install(Runnable stop, Duration timeout) {
        GracefulShutdown shutdown = new GracefulShutdown(stop, timeout);
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** Called by the main thread once cleaned up: lets a pending shutdown finish, or unregisters the hook. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
