package io.taskpod.kubernetes.executor;

import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodSelector;
import io.taskpod.kubernetes.watch.KubernetesJobWatcher;
import io.taskpod.kubernetes.watch.SingleThreadScheduler;
import io.taskpod.kubernetes.watch.WatchBackoff;
import io.taskpod.kubernetes.watch.WatchSink;
import io.taskpod.kubernetes.watch.WatchTiming;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's watch snapshot source: one {@link KubernetesJobWatcher} per watched scope, each on a thread of its
 * own, handing events, bookmarks and relists to the {@link WatchSink} (the inbox).
 */
final class PodWatchers {

    private final List<PodScope> scopes;
    private final PodSelector selector;
    private final KubernetesApi api;
    private final WatchSink sink;
    private final WatchTiming timing;
    private final KubernetesExecutorMetrics metrics;
    private final List<KubernetesJobWatcher> watchers = new ArrayList<>();
    private final List<SingleThreadScheduler> watchThreads = new ArrayList<>();

    PodWatchers(List<PodScope> scopes, PodSelector selector, KubernetesApi api, WatchSink sink, Clock clock,
            Duration silenceLimit, KubernetesExecutorMetrics metrics) {
        this.scopes = List.copyOf(scopes);
        this.selector = selector;
        this.api = api;
        this.sink = sink;
        this.timing = new WatchTiming(clock, silenceLimit, WatchBackoff.DEFAULT);
        this.metrics = metrics;
    }

    /** Starts one watcher per scope, each from its stored version (or with a list). */
    void start(Map<PodScope, Optional<String>> storedVersions) {
        for (PodScope scope : scopes) {
            SingleThreadScheduler thread = new SingleThreadScheduler("taskpod-watch-" + scope.key());
            KubernetesJobWatcher watcher = new KubernetesJobWatcher(scope, selector, api, sink, thread, timing, metrics);
            watchThreads.add(thread);
            watchers.add(watcher);
            watcher.start(storedVersions.getOrDefault(scope, Optional.empty()));
        }
    }

    void checkLiveness() {
        watchers.forEach(KubernetesJobWatcher::checkLiveness);
    }

    /** Stops the watchers; with {@code wait}, gives each watch thread a second to finish. */
    void stop(boolean wait) {
        watchers.forEach(KubernetesJobWatcher::stop);
        watchThreads.forEach(thread -> thread.shutdown(wait ? Duration.ofSeconds(1) : Duration.ZERO));
    }
}
