package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.adoption.PodHandover;
import io.taskpod.kubernetes.api.PodLister;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.pod.PodSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's polling snapshot source: every {@code worker_pods_reconcile_interval} it lists this scheduler's
 * active pods in every scope on the list thread, and every {@code orphaned_tasks_check_interval} also every
 * scheduler's worker pods, for the completed-pod sweep. Each scope's list is reconciled on its own; when every scope
 * was listed, their pods together follow as {@link Signal.OwnPodsListed}. Everything goes to the inbox.
 */
final class PodPoller {

    private static final Logger log = LoggerFactory.getLogger(PodPoller.class);

    /** How often this scheduler's pods, and how often every scheduler's worker pods, are listed. */
    record Intervals(Duration reconcile, Duration sweep) {}

    private final List<PodScope> scopes;
    private final PodSelector ownPods;
    private final PodLister lister;
    private final PodHandover handover;
    private final ExecutorInbox inbox;
    private final Executor listThread;
    private final Intervals intervals;
    private final Clock clock;
    private final AtomicBoolean listing = new AtomicBoolean();
    private Instant nextReconcile = Instant.MIN;
    private Instant nextSweep = Instant.MIN;

    PodPoller(List<PodScope> scopes, PodSelector ownPods, PodHandover handover, ExecutorInbox inbox,
            Executor listThread, Intervals intervals, Clock clock) {
        this.scopes = List.copyOf(scopes);
        this.ownPods = ownPods;
        this.lister = handover.lister();
        this.handover = handover;
        this.inbox = inbox;
        this.listThread = listThread;
        this.intervals = intervals;
        this.clock = clock;
    }

    /** Requests the lists that are due: the first call lists at once. */
    void pollIfDue(Instant now) {
        if (now.isBefore(nextReconcile)) {
            return;
        }
        boolean sweep = !now.isBefore(nextSweep);
        if (requestLists(sweep)) {
            nextReconcile = now.plus(intervals.reconcile());
            if (sweep) {
                nextSweep = now.plus(intervals.sweep());
            }
        }
    }

    /**
     * Lists this scheduler's active pods in every scope (and, with {@code sweep}, every scheduler's worker pods) on
     * the list thread, unless a list is still running; returns false then.
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
                        PodSnapshot snapshot = lister.list(scope, ownPods);
                        inbox.add(new Signal.Listed(snapshot, false));
                        own.addAll(snapshot.pods());
                    }
                    inbox.add(new Signal.OwnPodsListed(startedAt, own));
                    if (sweep) {
                        inbox.add(new Signal.WorkerPodsListed(handover.activeWorkerPods()));
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
}
