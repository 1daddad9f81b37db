package io.taskpod.kubernetes.watch;

import static io.taskpod.kubernetes.testing.WorkerPods.key;
import static io.taskpod.kubernetes.testing.WorkerPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodSelectors;
import io.taskpod.kubernetes.status.PodEventType;
import io.taskpod.kubernetes.testing.FakeKubernetesApi;
import io.taskpod.kubernetes.testing.ManualScheduler;
import io.taskpod.kubernetes.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list/watch state machine against a scripted API, a hand-run thread and a hand-moved clock. */
class KubernetesJobWatcherTest {

    private static final PodScope SCOPE = PodScope.namespace("default");
    private static final Duration SILENCE = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler thread = new ManualScheduler(clock);
    private final FakeKubernetesApi api = new FakeKubernetesApi();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> delivered = new ArrayList<>();
    private KubernetesJobWatcher watcher;

    @BeforeEach
    void create() {
        WatchSink sink = new WatchSink() {
            @Override
            public void observed(PodScope scope, PodEventType type, Pod pod) {
                delivered.add(type + " " + pod.getMetadata().getResourceVersion());
            }

            @Override
            public void bookmark(PodScope scope, String resourceVersion) {
                delivered.add("BOOKMARK " + resourceVersion);
            }

            @Override
            public void listed(PodSnapshot snapshot) {
                delivered.add("LISTED " + snapshot.pods().size() + " at " + snapshot.resourceVersion());
            }
        };
        watcher = new KubernetesJobWatcher(SCOPE, PodSelectors.activePodsOf("sched-1"), api, sink, thread,
                new WatchTiming(clock, SILENCE, WatchBackoff.DEFAULT), new KubernetesExecutorMetrics(meters));
    }

    private double counted(String meter, String reason) {
        var counter = meters.find(meter).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private Pod podAt(String resourceVersion) {
        return pod(key("t"), 1, "sched-1", "Running", resourceVersion);
    }

    @Test
    void withoutAStoredVersionListsAndWatchesFromTheListsVersion() {
        api.pods.put("a", podAt("4"));
        api.listVersion = "10";

        watcher.start(Optional.empty());
        thread.runDue();

        assertThat(delivered).containsExactly("LISTED 1 at 10");
        assertThat(api.calls()).containsExactly("list default", "watch default from 10");
        assertThat(counted("kubernetes_executor.watch_relists", "no_stored_version")).isEqualTo(1);
    }

    @Test
    void withAStoredVersionWatchesFromItWithoutListing() {
        watcher.start(Optional.of("7"));
        thread.runDue();

        assertThat(api.calls()).containsExactly("watch default from 7");
        assertThat(delivered).isEmpty();
    }

    @Test
    void eventsAndBookmarksArriveInOrderAndAClosedWatchReopensAtOnceFromTheLastOfThem() {
        watcher.start(Optional.of("7"));
        thread.runDue();
        var watch = api.lastWatch();

        watch.listener().onEvent(PodEventType.ADDED, podAt("8"));
        watch.listener().onEvent(PodEventType.MODIFIED, podAt("9"));
        watch.listener().onBookmark("12");
        watch.listener().closed(false, "server ended the watch");
        thread.runDue();

        assertThat(delivered).containsExactly("ADDED 8", "MODIFIED 9", "BOOKMARK 12");
        assertThat(api.calls()).containsExactly("watch default from 7", "watch default from 12");
        assertThat(thread.delays()).containsExactly(Duration.ZERO);
        assertThat(counted("kubernetes_executor.watch_restarts", "closed")).isEqualTo(1);
    }

    @Test
    void goneMidStreamListsAgainAndWatchesFromTheNewList() {
        watcher.start(Optional.of("7"));
        thread.runDue();
        api.listVersion = "30";

        api.lastWatch().listener().closed(true, "too old resource version");
        thread.runDue();

        assertThat(delivered).containsExactly("LISTED 0 at 30");
        assertThat(api.calls()).containsExactly("watch default from 7", "list default", "watch default from 30");
        assertThat(counted("kubernetes_executor.watch_relists", "expired")).isEqualTo(1);
    }

    @Test
    void goneWhenOpeningListsAgain() {
        api.failNextWatch(FakeKubernetesApi.http(410, "Expired", "too old resource version", null));
        api.listVersion = "30";

        watcher.start(Optional.of("7"));
        thread.runDue();

        assertThat(api.calls()).containsExactly("watch default from 7", "list default", "watch default from 30");
        assertThat(counted("kubernetes_executor.watch_relists", "expired_on_open")).isEqualTo(1);
    }

    @Test
    void failuresInARowBackOffUntilSomethingIsDeliveredAgain() {
        for (int i = 0; i < 4; i++) {
            api.failNextWatch(FakeKubernetesApi.http(503, "ServiceUnavailable", "down", null));
        }
        watcher.start(Optional.of("7"));
        for (int i = 0; i < 5; i++) {
            thread.runDue();
            clock.advance(Duration.ofSeconds(10));
        }
        api.lastWatch().listener().onEvent(PodEventType.MODIFIED, podAt("8"));
        api.lastWatch().listener().closed(false, "dropped");
        thread.runDue();

        assertThat(thread.delays()).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ZERO);
        assertThat(api.calls()).last().isEqualTo("watch default from 8");
        assertThat(counted("kubernetes_executor.watch_restarts", "open_failed")).isEqualTo(4);
    }

    @Test
    void aWatchSilentForLongerThanTheLimitIsClosedAndReopened() {
        watcher.start(Optional.of("7"));
        thread.runDue();
        var silent = api.lastWatch();
        clock.advance(SILENCE);
        watcher.checkLiveness();
        thread.runDue();
        assertThat(silent.isClosed()).as("exactly at the limit it is still alive").isFalse();

        clock.advance(Duration.ofSeconds(1));
        watcher.checkLiveness();
        thread.runDue();

        assertThat(silent.isClosed()).isTrue();
        assertThat(api.calls()).containsExactly("watch default from 7", "watch default from 7");
        assertThat(counted("kubernetes_executor.watch_restarts", "silent")).isEqualTo(1);
    }

    @Test
    void callbacksOfAReplacedWatchAreDropped() {
        watcher.start(Optional.of("7"));
        thread.runDue();
        var old = api.lastWatch();
        old.listener().closed(false, "dropped");
        thread.runDue();

        old.listener().onEvent(PodEventType.MODIFIED, podAt("99"));
        old.listener().closed(true, "late");
        thread.runDue();

        assertThat(delivered).isEmpty();
        assertThat(api.calls()).containsExactly("watch default from 7", "watch default from 7");
    }

    @Test
    void aFailedListIsRetriedAtOnceThenWithBackoff() {
        api.failNextList(new IllegalStateException("connection refused"));
        api.failNextList(new IllegalStateException("connection refused"));
        watcher.start(Optional.empty());
        thread.runDue();
        assertThat(delivered).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        thread.runDue();

        assertThat(delivered).containsExactly("LISTED 0 at 1");
        assertThat(thread.delays()).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(api.calls()).containsExactly("list default", "list default", "list default", "watch default from 1");
    }

    @Test
    void stoppedWatcherClosesItsWatchAndDeliversNothingMore() {
        watcher.start(Optional.of("7"));
        thread.runDue();
        var watch = api.lastWatch();

        watcher.stop();
        thread.runDue();
        watch.listener().onEvent(PodEventType.MODIFIED, podAt("8"));
        watch.listener().closed(false, "closed");
        thread.runDue();

        assertThat(watch.isClosed()).isTrue();
        assertThat(delivered).isEmpty();
        assertThat(api.calls()).containsExactly("watch default from 7");
    }
}
