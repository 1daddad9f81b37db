package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // watches and kubelets opened for their side effects, closed by try
class ApiServerRestartTest {

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
    void stopAndStartKeepThePortTheObjectsAndTheVersions() {
        Pod created = client.pods().resource(ApiServerCrudTest.pod("p1")).create();
        int port = server.port();
        String version = server.latestResourceVersion();

        server.stop();
        try (KubernetesClient impatient = new KubernetesClientBuilder().withConfig(server.clientConfig()
                .withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> impatient.pods().list()).isInstanceOf(KubernetesClientException.class);
        }
        server.start();

        assertThat(server.port()).isEqualTo(port);
        assertThat(server.latestResourceVersion()).isEqualTo(version);
        assertThat(client.pods().withName("p1").get().getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        Pod next = client.pods().resource(ApiServerCrudTest.pod("p2")).create();
        assertThat(Long.parseLong(next.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(version));
    }

    @Test
    void aWatchReconnectsAfterTheServerComesBackAndResumesWithoutDuplicates() {
        client.pods().resource(ApiServerCrudTest.pod("before")).create();
        RecordingWatcher watcher = new RecordingWatcher();
        try (Watch ignored = client.pods().watch(watcher)) {
            await().untilAsserted(() -> assertThat(watcher.described()).containsExactly("ADDED before"));

            server.stop();
            server.start();
            client.pods().resource(ApiServerCrudTest.pod("after")).create();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(watcher.described())
                    .containsExactly("ADDED before", "ADDED after"));
        }
    }

    @Test
    void kubeconfigFileWorksForAClientBuiltFromIt(@TempDir Path dir) throws Exception {
        client.pods().inNamespace("default").resource(ApiServerCrudTest.pod("p1")).create();
        Path file = server.writeKubeconfig(dir.resolve("kube/config"));

        Config config = Config.fromKubeconfig(file.toFile());
        try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(config.getMasterUrl()).startsWith(server.url());
            assertThat(fromFile.getNamespace()).isEqualTo("default");
            assertThat(fromFile.pods().list().getItems()).extracting(p -> p.getMetadata().getName())
                    .containsExactly("p1");
        }
    }
}
