package io.taskpod.kubernetes.executor;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's thread pools, none of which touches executor state: the create threads
 * ({@code max_concurrent_creates}), two cleanup threads, and one thread for the periodic lists ({@link PodPoller}).
 * The watchers have a thread each ({@link PodWatchers}). Whatever they learn goes to the {@link ExecutorInbox}.
 */
final class ExecutorThreads {

    private static final Logger log = LoggerFactory.getLogger(ExecutorThreads.class);

    private final ExecutorService createThreads;
    private final ScheduledExecutorService cleanupThreads;
    private final ExecutorService listThread;

    ExecutorThreads(int maxConcurrentCreates) {
        this.createThreads = Executors.newFixedThreadPool(maxConcurrentCreates, daemon("taskpod-pod-create-"));
        this.cleanupThreads = Executors.newScheduledThreadPool(2, daemon("taskpod-pod-cleanup-"));
        this.listThread = Executors.newSingleThreadExecutor(daemon("taskpod-pod-list-"));
    }

    ExecutorService createThreads() {
        return createThreads;
    }

    ScheduledExecutorService cleanupThreads() {
        return cleanupThreads;
    }

    ExecutorService listThread() {
        return listThread;
    }

    /** Stops the list thread; with {@code wait}, lets creates in flight finish for up to {@code timeout}. */
    void stopListsAndCreates(boolean wait, Duration timeout) {
        listThread.shutdownNow();
        if (wait) {
            createThreads.shutdown();
            try {
                if (!createThreads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Pod creates still in flight after {} s; their pods are settled after a restart",
                            timeout.toSeconds());
                    createThreads.shutdownNow();
                }
            } catch (InterruptedException e) {
                createThreads.shutdownNow();
                Thread.currentThread().interrupt();
            }
        } else {
            createThreads.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
