package io.taskpod.app.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM (and Ctrl-C) into an orderly stop: the shutdown hook asks the work to stop, says how long it waits,
 * then waits until the main thread has cleaned up (executors ended, scheduler row marked stopped, database and
 * embedded server closed) and {@link #close()}d this, before the JVM goes on exiting. Without the wait the JVM would
 * halt while the database is still being written. A second SIGTERM or Ctrl-C runs the {@link #hurryWith hurry}
 * action (stop the running tasks now) instead of waiting for them. Install it before opening what must be closed, so
 * that it is closed last.
 */
public final class GracefulShutdown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Duration timeout;
    private final Thread hook;
    private final String waitReason;
    private final AtomicBoolean received = new AtomicBoolean();
    private Optional<Runnable> stop = Optional.empty();
    private Optional<Runnable> hurry = Optional.empty();
    private boolean signalled;

    private GracefulShutdown(Duration timeout, String waitReason) {
        this.timeout = timeout;
        this.waitReason = waitReason;
        this.hook = new Thread(this::onSignal, "taskpod-shutdown");
    }

    /**
     * Registers the hook; on a signal the JVM waits up to {@code timeout} for {@link #close()}.
     *
     * @param waitReason why it may wait that long, for the log, e.g. which keys make up the timeout
     */
    public static GracefulShutdown install(Duration timeout, String waitReason) {
        GracefulShutdown shutdown = new GracefulShutdown(timeout, waitReason);
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        shutdown.watchSecondSignal("TERM");
        shutdown.watchSecondSignal("INT");
        return shutdown;
    }

    /** The first signal starts the JVM's shutdown as before; any later one runs the hurry action. */
    private void watchSecondSignal(String name) {
        try {
            Signal signal = new Signal(name);
            AtomicReference<SignalHandler> previous = new AtomicReference<>();
            previous.set(Signal.handle(signal, caught -> {
                if (received.getAndSet(true)) {
                    onSecondSignal();
                } else {
                    previous.get().handle(caught);
                }
            }));
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            log.debug("Cannot watch SIG{}: {}", name, unavailable.getMessage());
        }
    }

    /** What a second signal does while the first one's stop is waiting: stop the running tasks at once. */
    public synchronized void hurryWith(Runnable action) {
        hurry = Optional.of(action);
    }

    private void onSecondSignal() {
        Optional<Runnable> action;
        synchronized (this) {
            action = hurry;
        }
        log.warn("Second signal: stopping the running tasks now");
        action.ifPresent(Runnable::run);
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
        log.info("Stopping (signal received): waiting up to {}s for running tasks to finish ({}); send SIGTERM or "
                + "press Ctrl-C again to stop them now", timeout.toSeconds(), waitReason);
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
