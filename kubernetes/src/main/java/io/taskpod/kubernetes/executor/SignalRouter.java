package io.taskpod.kubernetes.executor;

import io.taskpod.core.port.DatabaseOutageException;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.status.PodEventType;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each {@link Signal} from the inbox to the role that acts on it: pod observations to the {@link PodObserver},
 * watch positions to the {@link VersionCheckpoint}, launch outcomes to {@link LaunchOutcomes}, lists to the
 * {@link NotLaunchedCheck} and the {@link CompletedPodSweep}. Scheduler thread only.
 */
final class SignalRouter {

    private static final Logger log = LoggerFactory.getLogger(SignalRouter.class);

    private final ExecutorInbox inbox;
    private final PodObserver observer;
    private final VersionCheckpoint checkpoint;
    private final LaunchOutcomes launches;
    private final NotLaunchedCheck notLaunched;
    private final CompletedPodSweep sweep;
    private final KubernetesExecutorMetrics metrics;

    SignalRouter(ExecutorInbox inbox, PodObserver observer, VersionCheckpoint checkpoint, LaunchOutcomes launches,
            NotLaunchedCheck notLaunched, CompletedPodSweep sweep, KubernetesExecutorMetrics metrics) {
        this.inbox = inbox;
        this.observer = observer;
        this.checkpoint = checkpoint;
        this.launches = launches;
        this.notLaunched = notLaunched;
        this.sweep = sweep;
        this.metrics = metrics;
    }

    /**
     * Applies every signal in the order it arrived. A database outage (a {@link DatabaseOutageException} from a port)
     * puts the signals not yet applied back, first in line, and is rethrown: the scheduler backs off and the next sync
     * applies them. Any other failure is a fault of that one signal: it is logged with what it was about, counted in
     * {@code kubernetes_executor.signal_failures} and dropped, so it cannot hold up every later create and pod event
     * (a dropped pod event is seen again by the next reconcile, which lists the pod).
     */
    void applyAll() {
        Deque<Signal> signals = inbox.drain();
        while (!signals.isEmpty()) {
            Signal signal = signals.peekFirst();
            try {
                apply(signal);
            } catch (RuntimeException e) {
                if (DatabaseOutageException.isOutage(e)) {
                    inbox.putBack(signals);
                    throw e;
                }
                metrics.signalFailure(signal.kind());
                log.error("{}: could not apply a {} signal; dropped it (the next reconcile looks at the pod again)",
                        signal.about(), signal.kind(), e);
            }
            signals.pollFirst();
        }
    }

    private void apply(Signal signal) {
        switch (signal) {
            case Signal.WatchEvent event -> {
                observer.observe(event.type(), event.pod());
                checkpoint.applied(event.scope(), event.pod().getMetadata().getResourceVersion());
            }
            case Signal.Bookmark bookmark -> checkpoint.applied(bookmark.scope(), bookmark.resourceVersion());
            case Signal.Listed listed -> {
                observer.reconcile(listed.snapshot());
                if (listed.watchRelist()) {
                    checkpoint.applied(listed.snapshot().scope(), listed.snapshot().resourceVersion());
                }
            }
            case Signal.Launch launch -> launches.apply(launch.outcome());
            case Signal.Adopted adopted -> observer.observe(PodEventType.LISTED, adopted.pod());
            case Signal.OwnPodsListed listed -> notLaunched.ownPodsListed(listed);
            case Signal.WorkerPodsListed listed -> sweep.sweep(listed.pods());
            case Signal.ListFailed failed -> log.warn("{} failed: {}; trying again at the next reconcile", failed.what(),
                    failed.error());
        }
    }
}
