package io.taskpod.app.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.kubernetes.logs.PodReference;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server's pod log reader: one client, made on first use, reused, and closed with the reader. */
@EnableKubernetesMockClient
class SharedPodLogReaderTest {

    private static final PodReference POD = new PodReference("taskpod", "hello-first-1");
    private static final Path MISSING = Path.of("attempt=1.log");

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path home;

    @Test
    void everyReadGoesThroughOneClientMadeOnFirstUse() {
        server.expect().get().withPath("/api/v1/namespaces/taskpod/pods/hello-first-1/log?pretty=false"
                + "&container=base&tailLines=100").andReturn(200, "one\ntwo\n").always();
        AtomicInteger made = new AtomicInteger();
        SharedPodLogReader reader = new SharedPodLogReader(new Config(new MapConfigSource("test"),
                ConfigLoader.schema(), home), () -> {
                    made.incrementAndGet();
                    return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
                });

        assertThat(made).hasValue(0);
        assertThat(reader.read(MISSING, POD)).contains("lines of pod taskpod/hello-first-1").endsWith("one\ntwo\n");
        assertThat(reader.read(MISSING, POD)).endsWith("one\ntwo\n");
        assertThat(made).hasValue(1);

        reader.close();

        assertThatThrownBy(() -> reader.read(MISSING, POD)).isInstanceOf(IllegalStateException.class);
        assertThat(made).hasValue(1);
    }
}
