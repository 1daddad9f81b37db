package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@SuppressWarnings("try") // watches and kubelets opened for their side effects, closed by try
class ApiServerWatchTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    private Pod create(String name) {
        return client.pods().resource(ApiServerCrudTest.pod(name)).create();
    }

    private void label(String name, String key, String value) {
        client.pods().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + key + "\":" + (value == null ? "null" : "\"" + value + "\"") + "}}}");
    }

    @Test
    void watchFromAResourceVersionReplaysExactlyTheChangesAfterIt() {
        create("before");
        String resumeFrom = server.latestResourceVersion();
        create("missed-1");
        label("before", "x", "1");
        client.pods().withName("missed-1").withGracePeriod(0).delete();

        RecordingWatcher watcher = new RecordingWatcher();
        try (Watch ignored = client.pods().withResourceVersion(resumeFrom).watch(watcher)) {
            await().untilAsserted(() -> assertThat(watcher.described())
                    .containsExactly("ADDED missed-1", "MODIFIED before", "DELETED missed-1"));
            create("live");
            await().untilAsserted(() -> assertThat(watcher.described()).endsWith("ADDED live"));
        }
        List<Long> versions = watcher.events.stream().map(e -> Long.parseLong(e.resourceVersion())).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void watchFromNowStartsWithTheCurrentObjectsAsAdded() {
        create("a");
        create("b");

        RecordingWatcher watcher = new RecordingWatcher();
        try (Watch ignored = client.pods().watch(watcher)) {
            await().untilAsserted(() -> assertThat(watcher.described()).containsExactly("ADDED a", "ADDED b"));
        }
    }

    @Test
    void watchFromACompactedVersionGetsA410ErrorEvent() throws Exception {
        create("a");
        String old = server.latestResourceVersion();
        create("b");
        server.compact();

        RecordingWatcher watcher = new RecordingWatcher();
        client.pods().withResourceVersion(old).watch(watcher);

        WatcherException closedWith = watcher.closed.get(10, TimeUnit.SECONDS);
        assertThat(closedWith.isHttpGone()).isTrue();
        assertThat(watcher.events).isEmpty();
    }

    @Test
    void watchFromACompactedVersionGetsHttp410WhenConfiguredSo() {
        try (TestKubernetesApiServer strict = TestKubernetesApiServer.builder()
                .watchExpiry(TestKubernetesApiServer.WatchExpiry.HTTP_410).build().start();
                KubernetesClient strictClient = strict.newClient()) {
            String old = strict.latestResourceVersion();
            strictClient.pods().resource(ApiServerCrudTest.pod("a")).create();
            strictClient.pods().resource(ApiServerCrudTest.pod("b")).create();
            strict.compactBefore(strict.latestResourceVersion());

            assertThat(strictClient.pods().withResourceVersion(strict.latestResourceVersion()).watch(new RecordingWatcher()))
                    .as("the newest retained change can still be resumed after").isNotNull();

            assertThatThrownBy(() -> strictClient.pods().withResourceVersion(old).watch(new RecordingWatcher()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
        }
    }

    @Test
    void eventLogWindowExpiresVersionsThatFellOutOfIt() throws Exception {
        try (TestKubernetesApiServer windowed = TestKubernetesApiServer.builder().eventLogWindow(2).build().start();
                KubernetesClient windowedClient = windowed.newClient()) {
            windowedClient.pods().resource(ApiServerCrudTest.pod("a")).create();
            String old = windowed.latestResourceVersion();
            for (String name : List.of("b", "c", "d")) {
                windowedClient.pods().resource(ApiServerCrudTest.pod(name)).create();
            }

            RecordingWatcher watcher = new RecordingWatcher();
            windowedClient.pods().withResourceVersion(old).watch(watcher);

            assertThat(watcher.closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
        }
    }

    @Test
    void objectLeavingALabelSelectedWatchArrivesAsDeletedAndReturningAsAdded() {
        create("p");
        RecordingWatcher watcher = new RecordingWatcher();
        try (Watch ignored = client.pods().withLabel("app", "t").withoutLabel("done", "true").watch(watcher)) {
            await().untilAsserted(() -> assertThat(watcher.described()).containsExactly("ADDED p"));

            label("p", "done", "true");
            await().untilAsserted(() -> assertThat(watcher.described()).containsExactly("ADDED p", "DELETED p"));
            label("p", "done", null);
            await().untilAsserted(() -> assertThat(watcher.described())
                    .containsExactly("ADDED p", "DELETED p", "ADDED p"));
        }
        assertThat(client.pods().withName("p").get()).isNotNull();
    }

    @Test
    void bookmarksCarryTheNewestVersionToWatchesThatAskForThem() {
        create("a");
        List<String> bookmarks = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.pods().watch(new ListOptionsBuilder().withAllowWatchBookmarks(true)
                .withResourceVersion(server.latestResourceVersion()).build(), new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (action == Action.BOOKMARK) {
                            bookmarks.add(pod.getMetadata().getResourceVersion());
                        }
                    }

                    @Override
                    public boolean reconnecting() {
                        return false;
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            await().until(() -> server.openWatches() == 1);
            create("b");
            server.sendBookmarks();
            await().untilAsserted(() -> assertThat(bookmarks).containsExactly(server.latestResourceVersion()));
        }
    }

    @Test
    void fieldSelectorsOnNameAndPhaseFilterTheWatch() {
        RecordingWatcher byName = new RecordingWatcher();
        RecordingWatcher running = new RecordingWatcher();
        try (Watch a = client.pods().withField("metadata.name", "two").watch(byName);
                Watch b = client.pods().withField("status.phase", "Running").watch(running)) {
            await().until(() -> server.openWatches() == 2);
            create("one");
            create("two");
            client.pods().withName("one").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running")
                    .endStatus().build());

            await().untilAsserted(() -> assertThat(running.described()).containsExactly("ADDED one"));
            assertThat(byName.described()).containsExactly("ADDED two");
        }
    }

    @Test
    void informerListsThenWatchesAndSeesUpdatesAndDeletes() {
        create("a");
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen.add("add " + pod.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen.add("update " + pod.getMetadata().getName());
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                seen.add("delete " + pod.getMetadata().getName() + (unknownFinalState ? " unknown" : ""));
            }
        });
        try {
            await().untilAsserted(() -> assertThat(seen).containsExactly("add a"));
            create("b");
            label("a", "x", "1");
            client.pods().withName("b").delete();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen)
                    .containsExactly("add a", "add b", "update a", "delete b"));
        } finally {
            informer.close();
        }
    }
}
