package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.adoption.PodAdopter;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.PodLister;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodSelectors;
import io.taskpod.kubernetes.watch.KubernetesJobWatcher;
import io.taskpod.kubernetes.watch.SingleThreadScheduler;
import io.taskpod.kubernetes.watch.WatchBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's threads, none of which touches executor state: one {@link KubernetesJobWatcher} (on its own
 * thread) per watched scope, the create threads ({@code max_concurrent_creates}), two cleanup threads, and one
 * thread for the periodic lists. Whatever they learn goes to the {@link ExecutorInbox}.
 */
final class BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWork.class);

    private final List<PodScope> scopes;
    private final String schedulerId;
    private final KubernetesApi api;
    private final ExecutorInbox inbox;
    private final Clock clock;
    private final Duration silenceLimit;
    private final KubernetesExecutorMetrics metrics;
    private final PodLister lister;
    private final PodAdopter adopter;
    private final ExecutorService createThreads;
    private final ScheduledExecutorService cleanupThreads;
    private final ExecutorService listThread;
    private final AtomicBoolean listing = new AtomicBoolean();
    private final List<KubernetesJobWatcher> watchers = new ArrayList<>();
    private final List<SingleThreadScheduler> watchThreads = new ArrayList<>();

    BackgroundWork(List<PodScope> scopes, String schedulerId, KubernetesApi api, ExecutorInbox inbox, Clock clock,
            Duration silenceLimit, int maxConcurrentCreates, PodAdopter adopter, KubernetesExecutorMetrics metrics) {
        this.scopes = List.copyOf(scopes);
        this.schedulerId = schedulerId;
        this.api = api;
        this.inbox = inbox;
        this.clock = clock;
        this.silenceLimit = silenceLimit;
        this.metrics = metrics;
        this.lister = new PodLister(api, clock);
        this.adopter = adopter;
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

    /** Starts one watcher per scope, each from its stored version (or with a list). */
    void startWatchers(Map<PodScope, Optional<String>> storedVersions) {
        for (PodScope scope : scopes) {
            SingleThreadScheduler thread = new SingleThreadScheduler("taskpod-watch-" + scope.key());
            KubernetesJobWatcher watcher = new KubernetesJobWatcher(scope, PodSelectors.activePodsOf(schedulerId), api,
                    inbox, thread, clock, silenceLimit, WatchBackoff.DEFAULT, metrics);
            watchThreads.add(thread);
            watchers.add(watcher);
            watcher.start(storedVersions.getOrDefault(scope, Optional.empty()));
        }
    }

    void checkWatchLiveness() {
        watchers.forEach(KubernetesJobWatcher::checkLiveness);
    }

    /**
     * Lists this scheduler's active pods in every scope (and, with {@code sweep}, every scheduler's worker pods) on
     * the list thread, unless a list is still running; returns false then. Each scope's list is reconciled on its
     * own; when every scope was listed, their pods together follow as {@link Signal.OwnPodsListed}.
     */
    boolean requestLists(boolean sweep) {
        if (!listing.compareAndSet(false, true)) {
            return false;
        }
        try {
            listThread.execute(() -> {
                try {
                    Instant startedAt = clock.instant();
                    List<Pod> own = new ArrayList<>();
                    for (PodScope scope : scopes) {
                        PodSnapshot snapshot = lister.list(scope, PodSelectors.activePodsOf(schedulerId));
                        inbox.add(new Signal.Listed(snapshot, false));
                        own.addAll(snapshot.pods());
                    }
                    inbox.add(new Signal.OwnPodsListed(startedAt, own));
                    if (sweep) {
                        inbox.add(new Signal.WorkerPodsListed(adopter.activeWorkerPods()));
                    }
                } catch (RuntimeException e) {
                    inbox.add(new Signal.ListFailed("the periodic list of pods", e.toString()));
                } finally {
                    listing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            listing.set(false);
            return false;
        }
        return true;
    }

    /** Runs an API call (adoption of a completed pod) on the list thread. */
    void runOnListThread(Runnable task) {
        try {
            listThread.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Not run: the executor is stopping");
        }
    }

    /** Stops the watchers and the list thread; with {@code wait}, lets creates in flight finish for up to {@code timeout}. */
    void stopWatchingAndLaunching(boolean wait, Duration timeout) {
        watchers.forEach(KubernetesJobWatcher::stop);
        watchThreads.forEach(thread -> thread.shutdown(wait ? Duration.ofSeconds(1) : Duration.ZERO));
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
