package io.taskpod.kubernetes.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.testkit.kubernetes.RequestCounts;
import io.taskpod.testkit.kubernetes.TestApiServerExtension;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod's token Secret through fabric8 against the test API server: created, replaced when a create is retried, and
 * given its pod as owner, with nothing but {@code create} and {@code patch} on Secrets: the scheduler may never read
 * a Secret (the database's is in the same namespace).
 */
class TokenSecretCallsTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;
    private Fabric8KubernetesApi api;

    @BeforeEach
    void start() {
        server = apiServer.server();
        server.createNamespace("workers");
        client = apiServer.client();
        api = new Fabric8KubernetesApi(client, Duration.ofMinutes(5));
    }

    @Test
    void theSecretIsCreatedReplacedAndOwnedByItsPodWithoutEverBeingRead() {
        api.putSecret(secret("first token"));
        api.putSecret(secret("second token"));
        Pod pod = client.pods().inNamespace("workers").resource(new PodBuilder().withNewMetadata().withName("p-1")
                .endMetadata().withNewSpec().addNewContainer().withName("base").withImage("i").endContainer()
                .endSpec().build()).create();
        api.setSecretOwner("workers", "p-1", pod);
        api.setSecretOwner("workers", "gone", pod);
        RequestCounts calls = server.requestCounts();

        Secret stored = client.secrets().inNamespace("workers").withName("p-1").get();
        assertThat(new String(Base64.getDecoder().decode(stored.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("second token");
        assertThat(stored.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
        });
        assertThat(calls.counts().keySet()).filteredOn(key -> key.resource().equals("secrets"))
                .extracting(key -> key.verb().name()).containsOnly("CREATE", "PATCH");
    }

    private static Secret secret(String token) {
        return new SecretBuilder().withNewMetadata().withName("p-1").withNamespace("workers").endMetadata()
                .addToStringData("token", token).build();
    }
}
