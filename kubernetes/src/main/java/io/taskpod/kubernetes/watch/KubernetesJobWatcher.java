package io.taskpod.kubernetes.watch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.api.PodLister;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.api.PodWatchListener;
import io.taskpod.kubernetes.api.WatchHandle;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodSelector;
import io.taskpod.kubernetes.status.PodEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches this scheduler's active pods in one scope (a namespace, or the cluster) and never goes deaf, Airflow's
 * {@code KubernetesJobWatcher} as a list/watch state machine (fabric8's {@code Reflector}):
 * <ul>
 *   <li>start from the stored resourceVersion; without one, list (paginated, label-selected) and watch from the
 *       list's version;
 *   <li>410 Gone, as an ERROR event or as the HTTP answer to opening the watch: list again, hand the list to the
 *       executor (which reconciles it), watch from the list's version;
 *   <li>a watch that drops or ends: reopen from the last version seen (an event's or a bookmark's), at once the
 *       first time and then with {@link WatchBackoff}; a list that fails is retried the same way;
 *   <li>a watch that delivered nothing, not even a bookmark, for longer than {@code silenceLimit} (the server ends
 *       every watch after its {@code timeoutSeconds}, so a silent one is dead): closed and reopened.
 * </ul>
 * Restarts and relists are counted by reason. All state lives on one {@link SerialScheduler}; client callbacks
 * hop onto it, and callbacks of a watch that was already replaced are dropped.
 */
public final class KubernetesJobWatcher {

    private static final Logger log = LoggerFactory.getLogger(KubernetesJobWatcher.class);

    private final PodScope scope;
    private final PodSelector selector;
    private final KubernetesApi api;
    private final PodLister lister;
    private final WatchSink sink;
    private final SerialScheduler serial;
    private final Clock clock;
    private final Duration silenceLimit;
    private final WatchBackoff backoff;
    private final KubernetesExecutorMetrics metrics;

    private Optional<String> resumeFrom = Optional.empty();
    private Optional<WatchHandle> current = Optional.empty();
    private long generation;
    private int failures;
    private volatile Instant lastActivity;
    private boolean stopped;

    public KubernetesJobWatcher(PodScope scope, PodSelector selector, KubernetesApi api, WatchSink sink,
            SerialScheduler serial, WatchTiming timing, KubernetesExecutorMetrics metrics) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.api = Objects.requireNonNull(api, "api");
        this.lister = new PodLister(api, timing.clock());
        this.sink = Objects.requireNonNull(sink, "sink");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.clock = timing.clock();
        this.silenceLimit = timing.silenceLimit();
        this.backoff = timing.backoff();
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lastActivity = clock.instant();
    }

    public PodScope scope() {
        return scope;
    }

    /** Starts watching from {@code storedVersion}, or with a list when there is none. */
    public void start(Optional<String> storedVersion) {
        serial.execute(() -> {
            if (storedVersion.isPresent()) {
                log.info("Watching {} from stored resourceVersion {}", scope, storedVersion.get());
                resumeFrom = storedVersion;
                openWatch();
            } else {
                relist("no_stored_version");
            }
        });
    }

    /** Restarts the watch when it has been silent for longer than the limit; call it regularly. */
    public void checkLiveness() {
        Instant now = clock.instant();
        if (Duration.between(lastActivity, now).compareTo(silenceLimit) <= 0) {
            return;
        }
        serial.execute(() -> {
            if (stopped || current.isEmpty() || Duration.between(lastActivity, clock.instant()).compareTo(silenceLimit) <= 0) {
                return;
            }
            log.warn("The watch of {} delivered nothing for more than {} s; restarting it", scope, silenceLimit.toSeconds());
            closeCurrent();
            recover(Recovery.RESTART, "silent");
        });
    }

    /** Closes the watch; nothing is delivered afterwards. */
    public void stop() {
        serial.execute(() -> {
            stopped = true;
            closeCurrent();
        });
    }

    private enum Recovery { RESTART, RELIST }

    private void openWatch() {
        if (stopped) {
            return;
        }
        long watchGeneration = ++generation;
        lastActivity = clock.instant();
        String from = resumeFrom.orElseThrow();
        try {
            current = Optional.of(api.watchPods(scope, selector, from, new Listener(watchGeneration)));
        } catch (KubernetesApiException e) {
            if (e.code() == 410) {
                log.info("resourceVersion {} of {} is too old to watch from (410); listing again", from, scope);
                recover(Recovery.RELIST, "expired_on_open");
            } else {
                log.warn("Could not open the watch of {}: {}", scope, e.getMessage());
                recover(Recovery.RESTART, "open_failed");
            }
        } catch (RuntimeException e) {
            log.warn("Could not open the watch of {}: {}", scope, e.toString());
            recover(Recovery.RESTART, "open_failed");
        }
    }

    private void relist(String reason) {
        if (stopped) {
            return;
        }
        metrics.watchRelist(scope.key(), reason);
        PodSnapshot snapshot;
        try {
            snapshot = lister.list(scope, selector);
        } catch (RuntimeException e) {
            log.warn("Could not list the pods of {}: {}", scope, e.toString());
            recover(Recovery.RELIST, "list_failed");
            return;
        }
        log.info("Listed {} active pod(s) of {} at resourceVersion {} ({})", snapshot.pods().size(), scope,
                snapshot.resourceVersion(), reason);
        sink.listed(snapshot);
        resumeFrom = Optional.of(snapshot.resourceVersion());
        openWatch();
    }

    private void recover(Recovery recovery, String reason) {
        Duration delay = backoff.delay(failures++);
        if (recovery == Recovery.RESTART) {
            metrics.watchRestart(scope.key(), reason);
        }
        serial.schedule(() -> {
            if (recovery == Recovery.RESTART) {
                openWatch();
            } else {
                relist(reason);
            }
        }, delay);
    }

    private void closeCurrent() {
        generation++;
        current.ifPresent(WatchHandle::close);
        current = Optional.empty();
    }

    private void delivered(String resourceVersion) {
        resumeFrom = Optional.ofNullable(resourceVersion).filter(v -> !v.isEmpty()).or(() -> resumeFrom);
        lastActivity = clock.instant();
        failures = 0;
    }

    /** One watch's callbacks, dropped once that watch is no longer the current one. */
    private final class Listener implements PodWatchListener {
        private final long watchGeneration;

        Listener(long watchGeneration) {
            this.watchGeneration = watchGeneration;
        }

        @Override
        public void onEvent(PodEventType type, Pod pod) {
            serial.execute(() -> {
                if (isCurrent()) {
                    delivered(pod.getMetadata().getResourceVersion());
                    sink.observed(scope, type, pod);
                }
            });
        }

        @Override
        public void onBookmark(String resourceVersion) {
            serial.execute(() -> {
                if (isCurrent()) {
                    delivered(resourceVersion);
                    sink.bookmark(scope, resourceVersion);
                }
            });
        }

        @Override
        public void closed(boolean gone, String reason) {
            serial.execute(() -> {
                if (!isCurrent()) {
                    return;
                }
                closeCurrent();
                if (gone) {
                    log.info("The watch of {} got 410 Gone ({}); listing again", scope, reason);
                    recover(Recovery.RELIST, "expired");
                } else {
                    log.info("The watch of {} ended ({}); reopening from resourceVersion {}", scope, reason,
                            resumeFrom.orElse("?"));
                    recover(Recovery.RESTART, "closed");
                }
            });
        }

        private boolean isCurrent() {
            return !stopped && watchGeneration == generation;
        }
    }
}
