package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watches over plain chunked HTTP (as curl and client-go make them), with server-side timeouts and bookmarks. */
class ApiServerHttpWatchTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.configured(server -> server.bookmarkInterval(Duration.ofMillis(200)));
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    private void readLines(String query, List<String> lines) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/namespaces/default/pods?watch=true&" + query)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
                lines.add("<end>");
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                lines.add("<cut>");
            }
        });
    }

    @Test
    void chunkedWatchStreamsOneEventPerLineAndEndsAtItsTimeout() throws Exception {
        client.pods().resource(ApiServerCrudTest.pod("a")).create();
        List<String> lines = new CopyOnWriteArrayList<>();

        readLines("resourceVersion=0&timeoutSeconds=1", lines);
        client.pods().resource(ApiServerCrudTest.pod("b")).create();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines).last().isEqualTo("<end>"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"a\"");
        assertThat(lines.get(1)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"b\"");
    }

    @Test
    void watchListSendsTheCurrentObjectsThenTheInitialEventsEndBookmark() throws Exception {
        try (TestKubernetesApiServer quiet = TestKubernetesApiServer.startNew();
                KubernetesClient quietClient = quiet.newClient()) {
            quietClient.pods().resource(ApiServerCrudTest.pod("a")).create();
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    quiet.url() + "/api/v1/namespaces/default/pods?watch=true&sendInitialEvents=true"
                            + "&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            }

            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"a\"");
            assertThat(lines.get(1)).startsWith("{\"type\":\"BOOKMARK\"")
                    .contains("\"k8s.io/initial-events-end\":\"true\"");
        }
    }

    @Test
    void periodicBookmarksReachWatchesThatAllowThem() throws Exception {
        List<String> withBookmarks = new CopyOnWriteArrayList<>();
        List<String> without = new CopyOnWriteArrayList<>();
        readLines("allowWatchBookmarks=true&resourceVersion=" + server.latestResourceVersion(), withBookmarks);
        readLines("resourceVersion=" + server.latestResourceVersion(), without);

        await().atMost(Duration.ofSeconds(5)).until(() -> withBookmarks.size() >= 2);

        assertThat(withBookmarks).allSatisfy(line -> assertThat(line).startsWith("{\"type\":\"BOOKMARK\"")
                .contains("\"resourceVersion\":\"" + server.latestResourceVersion() + "\""));
        assertThat(without).isEmpty();
    }

    @Test
    void droppedChunkedWatchIsCutNotEnded() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        readLines("resourceVersion=" + server.latestResourceVersion(), lines);
        await().until(() -> server.openWatches() == 1);

        server.faults().dropOpenWatches();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines).containsExactly("<cut>"));
    }
}
