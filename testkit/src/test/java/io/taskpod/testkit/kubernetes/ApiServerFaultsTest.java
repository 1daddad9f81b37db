package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@SuppressWarnings("try") // watches and kubelets opened for their side effects, closed by try
class ApiServerFaultsTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;
    private KubernetesClient noRetries;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
        noRetries = new KubernetesClientBuilder().withConfig(server.clientConfig().withRequestRetryBackoffLimit(0)
                .build()).build();
    }

    @AfterEach
    void stop() {
        noRetries.close();
    }

    private KubernetesClientException createFails(String name) {
        try {
            noRetries.pods().resource(ApiServerCrudTest.pod(name)).create();
        } catch (KubernetesClientException e) {
            return e;
        }
        throw new AssertionError("create of " + name + " succeeded");
    }

    @Test
    void quotaConflictAndInvalidFailuresReachTheClientWithTheirStatus() {
        server.faults().failPodCreates(1, Failure.quotaExceeded())
                .failPodCreates(1, Failure.conflict())
                .failPodCreates(1, Failure.invalid("spec.containers[0].image", "\"x\": not allowed by policy"));

        KubernetesClientException quota = createFails("p1");
        KubernetesClientException conflict = createFails("p2");
        KubernetesClientException invalid = createFails("p3");

        assertThat(quota.getCode()).isEqualTo(403);
        assertThat(quota.getStatus().getMessage()).isEqualTo("pods \"p1\" is forbidden: exceeded quota: "
                + "compute-resources, requested: pods=1, used: pods=10, limited: pods=10");
        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(invalid.getCode()).isEqualTo(422);
        assertThat(invalid.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
                .containsExactly("spec.containers[0].image");
        assertThat(noRetries.pods().resource(ApiServerCrudTest.pod("p4")).create()).isNotNull();
        assertThat(noRetries.pods().list().getItems()).hasSize(1);
    }

    @Test
    void failuresCanTargetPodsByName() {
        server.faults().failNext(1, ApiRequest.creates("pods", name -> name.startsWith("flaky")),
                Failure.serviceUnavailable());

        assertThat(noRetries.pods().resource(ApiServerCrudTest.pod("steady")).create()).isNotNull();
        assertThat(createFails("flaky-1").getCode()).isEqualTo(503);
        assertThat(noRetries.pods().resource(ApiServerCrudTest.pod("flaky-1")).create()).isNotNull();
    }

    @Test
    void tooManyRequestsCarriesRetryAfterInHeaderAndStatus() throws Exception {
        server.faults().failPodCreates(1, Failure.tooManyRequests(Duration.ofSeconds(2)));
        KubernetesClientException refused = createFails("p1");
        assertThat(refused.getCode()).isEqualTo(429);
        assertThat(refused.getStatus().getDetails().getRetryAfterSeconds()).isEqualTo(2);

        server.faults().failPodCreates(1, Failure.tooManyRequests(Duration.ofSeconds(3)));
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/namespaces/default/pods"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"p2\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("Retry-After")).hasValue("3");
    }

    /**
     * fabric8 7.8.0 retries a 429 by itself but waits its own backoff (100 ms doubling), not the Retry-After it
     * logs: {@code AsyncUtils.retryWithExponentialBackoff} schedules with the calculator's interval. Code that
     * must honour Retry-After has to read it itself (with retries off).
     */
    @Test
    void fabric8RetriesATooManyRequestsAnswerWithoutWaitingForRetryAfter() {
        server.faults().failPodCreates(1, Failure.tooManyRequests(Duration.ofSeconds(5)));
        long started = System.nanoTime();

        client.pods().resource(ApiServerCrudTest.pod("p1")).create();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.requestCounts().count(Verb.CREATE, "pods")).isEqualTo(2);
    }

    @Test
    void serverErrorsAreRetriedByTheClientAndCounted() {
        server.faults().failPodCreates(2, Failure.internalError());

        Pod created = client.pods().resource(ApiServerCrudTest.pod("p1")).create();

        assertThat(created).isNotNull();
        assertThat(server.requestCounts().count(Verb.CREATE, "pods")).isEqualTo(3);
    }

    @Test
    void connectionResetReachesTheClientAsAClosedConnection() {
        server.faults().resetPodCreates(1);

        KubernetesClientException reset = createFails("p1");

        assertThat(reset.getStatus()).as("no HTTP answer").isNull();
        assertThat(reset).rootCause().hasMessageContaining("Connection was closed");
        assertThat(noRetries.pods().list().getItems()).isEmpty();
        server.faults().resetPodCreates(1);
        assertThat(client.pods().resource(ApiServerCrudTest.pod("p1")).create()).isNotNull();
    }

    @Test
    void delayedRequestsAreAnsweredLate() {
        server.faults().delayNext(1, ApiRequest.creates("pods"), Duration.ofMillis(600));

        long started = System.nanoTime();
        client.pods().resource(ApiServerCrudTest.pod("p1")).create();
        Duration first = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        client.pods().resource(ApiServerCrudTest.pod("p2")).create();
        Duration second = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(second).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void expiringOpenWatchesClosesThemWithGone() throws Exception {
        RecordingWatcher watcher = new RecordingWatcher();
        client.pods().watch(watcher);
        await().until(() -> server.openWatches() == 1);

        server.faults().expireOpenWatches();

        assertThat(watcher.closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
        assertThat(server.openWatches()).isZero();
    }

    @Test
    void informerRelistsAfterAnExpiredWatchAndMissesNothing() {
        List<String> added = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                added.add(pod.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {}

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {}
        });
        try {
            await().until(() -> server.openWatches() == 1);
            long watchesBefore = server.requestCounts().count(Verb.WATCH, "pods");
            server.faults().expireOpenWatches();
            client.pods().resource(ApiServerCrudTest.pod("during-outage")).create();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(added).containsExactly("during-outage");
                assertThat(server.requestCounts().count(Verb.WATCH, "pods")).isGreaterThan(watchesBefore);
            });
        } finally {
            informer.close();
        }
    }

    @Test
    void droppedWatchesReconnectFromTheirLastVersionWithoutDuplicates() {
        client.pods().resource(ApiServerCrudTest.pod("a")).create();
        RecordingWatcher watcher = new RecordingWatcher();
        try (Watch ignored = client.pods().watch(watcher)) {
            await().untilAsserted(() -> assertThat(watcher.described()).containsExactly("ADDED a"));

            server.faults().dropOpenWatches();
            client.pods().resource(ApiServerCrudTest.pod("b")).create();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(watcher.described())
                    .containsExactly("ADDED a", "ADDED b"));
            assertThat(server.requestCounts().count(Verb.WATCH, "pods")).isEqualTo(2);
        }
    }

    @Test
    void rejectedWatchRequestsGetHttp410() {
        server.faults().rejectNextWatches(1);

        assertThatThrownBy(() -> client.pods().watch(new RecordingWatcher()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
        try (Watch accepted = client.pods().watch(new RecordingWatcher())) {
            assertThat(accepted).isNotNull();
        }
    }

    @Test
    void requestsAreCountedByVerbResourceAndClient() {
        client.pods().resource(ApiServerCrudTest.pod("p1")).create();
        client.pods().withName("p1").get();
        client.pods().list();
        client.pods().withName("p1").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        client.pods().withName("p1").editStatus(p -> p);
        client.pods().withName("p1").delete();

        RequestCounts counts = server.requestCounts();

        assertThat(counts.byVerbAndResource()).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                "create pods", 1L, "get pods", 3L, "list pods", 1L, "patch pods", 1L, "patch pods/status", 1L,
                "delete pods", 1L)));
        assertThat(counts.total()).isEqualTo(8);
        assertThat(counts.excludingTestKubelets().total()).isEqualTo(8);
        assertThat(counts.fromClients(agent -> agent.startsWith(TestKubelet.USER_AGENT_PREFIX)).total()).isZero();
        server.resetRequestCounts();
        assertThat(server.requestCounts().total()).isZero();
    }
}
