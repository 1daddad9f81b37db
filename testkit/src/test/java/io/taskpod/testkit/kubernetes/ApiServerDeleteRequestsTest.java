package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TestKubernetesApiServer#deleteRequests()}: what each DELETE asked for, from the body or the query. */
class ApiServerDeleteRequestsTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    @Test
    void recordsTheGracePeriodAndPropagationPolicyFabric8SendsInTheDeleteOptionsBody() {
        client.pods().resource(ApiServerCrudTest.pod("graceful")).create();

        client.pods().withName("graceful").withGracePeriod(7).withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();

        assertThat(server.deleteRequests()).singleElement().satisfies(delete -> {
            assertThat(delete.request().verb()).isEqualTo(Verb.DELETE);
            assertThat(delete.request().resource()).isEqualTo("pods");
            assertThat(delete.request().namespace()).isEqualTo("default");
            assertThat(delete.request().name()).isEqualTo("graceful");
            assertThat(delete.gracePeriodSeconds()).hasValue(7);
            assertThat(delete.propagationPolicy()).hasValue("Foreground");
        });
    }

    @Test
    void fabric8SendsNoGracePeriodButBackgroundPropagationUnlessTold() {
        client.pods().resource(ApiServerCrudTest.pod("plain")).create();

        client.pods().withName("plain").delete();

        assertThat(server.deleteRequests()).singleElement().satisfies(delete -> {
            assertThat(delete.gracePeriodSeconds()).isEmpty();
            assertThat(delete.propagationPolicy()).hasValue("Background");
        });
    }

    @Test
    void recordsOptionsGivenInTheQueryString() throws Exception {
        client.pods().resource(ApiServerCrudTest.pod("queried")).create();
        HttpRequest delete = HttpRequest.newBuilder(URI.create(server.url()
                        + "/api/v1/namespaces/default/pods/queried?gracePeriodSeconds=3&propagationPolicy=Orphan"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build();

        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        assertThat(server.deleteRequests()).singleElement().satisfies(recorded -> {
            assertThat(recorded.gracePeriodSeconds()).isEqualTo(OptionalLong.of(3));
            assertThat(recorded.propagationPolicy()).isEqualTo(Optional.of("Orphan"));
        });
    }
}
