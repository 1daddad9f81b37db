package io.taskpod.app.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM (and Ctrl-C) into an orderly stop: the shutdown hook asks the work to stop, then waits until the
 * main thread has cleaned up (executors ended, scheduler row marked stopped, database and embedded server closed)
 * and {@link #close()}d this, before the JVM goes on exiting. Without the wait the JVM would halt while the
 * database is still being written. Install it before opening what must be closed, so that it is closed last.
 */
public final class GracefulShutdown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Duration timeout;
    private final Thread hook;
    private Optional<Runnable> stop = Optional.empty();
    private boolean signalled;

    private GracefulShutdown(Duration timeout) {
        this.timeout = timeout;
        this.hook = new Thread(this::onSignal, "taskpod-shutdown");
    }

    /** Registers the hook; on a signal the JVM waits up to {@code timeout} for {@link #close()}. */
    public static GracefulShutdown install(Duration timeout) {
        GracefulShutdown shutdown = new GracefulShutdown(timeout);
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** What a signal stops; runs at once when the signal came before there was anything to stop. */
    public void stopWith(Runnable action) {
        boolean already;
        synchronized (this) {
            stop = Optional.of(action);
            already = signalled;
        }
        if (already) {
            action.run();
        }
    }

    private void onSignal() {
        log.info("Stopping (signal received)");
        Optional<Runnable> action;
        synchronized (this) {
            signalled = true;
            action = stop;
        }
        action.ifPresent(Runnable::run);
        try {
            if (!cleanedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Did not stop within {}s; exiting anyway", timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
