package io.taskpod.app.worker;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGTERM to the worker process (pod deleted, scheduler stopping) into a {@link StopSignal}: the JVM's
 * shutdown hook asks the worker to stop its task and keeps the JVM alive until the worker has recorded the failure
 * and called {@link #close()}.
 */
public final class SigtermStop implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    private SigtermStop(StopSignal stop) {
        this.hook = new Thread(() -> {
            stop.requestStop("the worker was stopped by a signal (SIGTERM: pod deleted or executor stopping)");
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-sigterm");
    }

    /** Installs the shutdown hook for {@code stop}. */
    public static SigtermStop install(StopSignal stop) {
        SigtermStop sigterm = new SigtermStop(stop);
        Runtime.getRuntime().addShutdownHook(sigterm.hook);
        return sigterm;
    }

    /** The worker is done: a pending shutdown may go on; the hook is removed if the JVM is not shutting down. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the worker is done
        }
    }
}
