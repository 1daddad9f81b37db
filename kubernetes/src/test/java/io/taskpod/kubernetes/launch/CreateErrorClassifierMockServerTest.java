package io.taskpod.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskpod.kubernetes.api.KubernetesApiException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The classifier against what fabric8 really throws: scripted API server answers to a pod create (with fabric8's
 * own request retries off, as if they were used up), and a server that is not there.
 */
@EnableKubernetesMockClient
class CreateErrorClassifierMockServerTest {

    private static final String NAMESPACE = "workers";
    private static final String POD = "etl-load-3vbyw43z00ot3";
    private static final String PODS_PATH = "/api/v1/namespaces/" + NAMESPACE + "/pods";

    KubernetesMockServer server;
    KubernetesClient client;

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName(POD).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("base").withImage("taskpod:1").endContainer().endSpec().build();
    }

    private CreateErrorDecision createAnswered(int code, Status status) {
        server.expect().post().withPath(PODS_PATH).andReturn(code, status).once();
        try (KubernetesClient noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build()) {
            Throwable error = catchThrowable(() -> noRetries.pods().inNamespace(NAMESPACE).resource(pod()).create());
            assertThat(error).as("the create must fail").isInstanceOf(KubernetesClientException.class);
            return CreateErrorClassifier.classify(KubernetesApiException.from((KubernetesClientException) error), POD);
        }
    }

    private static Status status(int code, String reason, String message, Integer retryAfter) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage(message).withStatus("Failure")
                .withNewDetails().withName(POD).withKind("pods").withRetryAfterSeconds(retryAfter).endDetails().build();
    }

    @Test
    void alreadyExistsForOurPodCountsAsLaunched() {
        assertThat(createAnswered(409, status(409, "AlreadyExists", "pods \"" + POD + "\" already exists", null)))
                .isEqualTo(new CreateErrorDecision.AlreadyLaunched(POD));
    }

    @Test
    void quotaExceededIsRetried() {
        assertThat(createAnswered(403, status(403, "Forbidden", "pods \"" + POD + "\" is forbidden: exceeded quota: "
                + "compute-resources, requested: limits.memory=2Gi", null)))
                .isInstanceOf(CreateErrorDecision.Retry.class);
    }

    @Test
    void throttlingPausesCreatesForRetryAfter() {
        assertThat(createAnswered(429, status(429, "TooManyRequests", "Too many requests, please try again later.", 5)))
                .isEqualTo(new CreateErrorDecision.Retry("429 TooManyRequests: Too many requests, please try again later.",
                        Optional.of(Duration.ofSeconds(5)), true));
    }

    @Test
    void invalidPodFailsWithTheApiServersMessage() {
        assertThat(createAnswered(422, status(422, "Invalid", "Pod \"" + POD + "\" is invalid: "
                + "spec.containers[0].image: Required value", null)))
                .isEqualTo(new CreateErrorDecision.Fail("the API server rejected pod " + POD + " (422 Invalid: Pod \""
                        + POD + "\" is invalid: spec.containers[0].image: Required value)"));
    }

    @Test
    void unavailableServerIsRetried() {
        assertThat(createAnswered(503, status(503, "ServiceUnavailable", "apiserver is shutting down", null)))
                .isInstanceOf(CreateErrorDecision.Retry.class);
    }

    @Test
    void aServerThatIsNotThereIsAConnectionProblemToRetry() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + port).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000).build();
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
            Throwable error = catchThrowable(() -> unreachable.pods().inNamespace(NAMESPACE).resource(pod()).create());
            assertThat(CreateErrorClassifier.classify(error, POD)).isInstanceOfSatisfying(CreateErrorDecision.Retry.class,
                    retry -> {
                        assertThat(retry.reason()).startsWith("connection problem talking to the API server");
                        assertThat(retry.unreachable()).isTrue();
                    });
        }
    }
}
