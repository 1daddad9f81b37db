package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiServerCrudTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "t").endMetadata()
                .withNewSpec().addNewContainer().withName("base").withImage("taskpod:1").endContainer().endSpec()
                .build();
    }

    @Test
    void createsGetsAndListsPodsWithServerSetMetadata() {
        Pod created = client.pods().resource(pod("p1")).create();

        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(created.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(created.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(client.pods().withName("p1").get().getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(client.pods().list().getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("p1");
    }

    @Test
    void everyChangeGetsAHigherResourceVersionAndNoOpWritesKeepIt() {
        Pod created = client.pods().resource(pod("p1")).create();
        long first = Long.parseLong(created.getMetadata().getResourceVersion());

        Pod labelled = client.pods().withName("p1").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("x", "y").endMetadata().build());
        Pod unchanged = client.pods().withName("p1").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");

        assertThat(Long.parseLong(labelled.getMetadata().getResourceVersion())).isGreaterThan(first);
        assertThat(unchanged.getMetadata().getResourceVersion()).isEqualTo(labelled.getMetadata().getResourceVersion());
    }

    @Test
    void updateStatusReplacesTheStatusOnly() {
        Pod created = client.pods().resource(pod("p1")).create();

        Pod running = client.pods().resource(new PodBuilder(created).editSpec().withRestartPolicy("Never").endSpec()
                .editStatus().withPhase("Running").withPodIP("127.0.0.9").endStatus().build()).updateStatus();

        assertThat(running.getStatus().getPhase()).isEqualTo("Running");
        assertThat(running.getStatus().getPodIP()).isEqualTo("127.0.0.9");
        assertThat(running.getSpec().getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        client.pods().resource(pod("p1")).create();

        assertThatThrownBy(() -> client.pods().resource(pod("p1")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
    }
}
