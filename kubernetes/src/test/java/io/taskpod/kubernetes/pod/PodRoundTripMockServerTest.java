package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.launch.CreateErrorClassifier;
import io.taskpod.kubernetes.launch.CreateErrorDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A built pod through fabric8's CRUD mock server: created, found by the selectors, mapped back, created twice. */
@EnableKubernetesMockClient(crud = true)
class PodRoundTripMockServerTest {

    KubernetesClient client;

    @Test
    void builtPodIsCreatedSelectedMappedBackAndIdempotent() {
        Pod pod = ((PodBuildResult.Built) PodFixtures.factory(Map.of("worker_container_repository", "taskpod",
                "worker_container_tag", "1")).build(PodFixtures.task(Map.of()))).pod();

        client.pods().inNamespace("default").resource(pod).create();

        PodSelector active = PodSelectors.activePodsOf(PodFixtures.SCHEDULER);
        List<Pod> listed = client.pods().inNamespace("default").withLabels(active.equal())
                .withoutLabels(active.notEqual()).list().getItems();
        assertThat(listed).hasSize(1);
        assertThat(PodIdentity.of(listed.getFirst())).isEqualTo(new PodIdentity(PodFixtures.KEY, 1, PodFixtures.SCHEDULER));
        assertThat(client.pods().inNamespace("default").withLabels(PodSelectors.activePodsOf("other").equal()).list()
                .getItems()).isEmpty();

        Throwable again = catchThrowable(() -> client.pods().inNamespace("default").resource(pod).create());
        assertThat(again).isInstanceOf(KubernetesClientException.class);
        assertThat(CreateErrorClassifier.classify(KubernetesApiException.from((KubernetesClientException) again),
                pod.getMetadata().getName()))
                .isEqualTo(new CreateErrorDecision.AlreadyLaunched(pod.getMetadata().getName()));
    }
}
