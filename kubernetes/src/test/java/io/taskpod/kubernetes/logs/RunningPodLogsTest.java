package io.taskpod.kubernetes.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.testkit.kubernetes.TestApiServerExtension;
import io.taskpod.testkit.kubernetes.TestKubelet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reading the tail of a pod's log through the API server, as {@code tasks logs} does for a running try. */
class RunningPodLogsTest {

    @TempDir
    Path node;

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private KubernetesClient client;
    private TestKubelet kubelet;

    @BeforeEach
    void start() {
        client = apiServer.client();
        kubelet = TestKubelet.builder(apiServer.server()).workDir(node).start();
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    private void runPod(String name, String script) {
        client.pods().resource(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("base").withImage("taskpod:1")
                .withCommand("sh", "-c").withArgs(script).endContainer().endSpec().build()).create();
        await().until(() -> "Succeeded".equals(client.pods().withName(name).get().getStatus().getPhase()));
    }

    @Test
    void theLastLinesOfTheBaseContainerWithoutAnsiEscapes() {
        runPod("chatty", "for i in $(seq 1 150); do echo \"line $i\"; done; printf '\\033[1;31mred\\033[0m\\n'");

        String tail = new RunningPodLogs(new Fabric8KubernetesApi(client, Duration.ofMinutes(5)), 3).tail(new PodReference("default", "chatty"));

        assertThat(tail).isEqualTo("line 149\nline 150\nred\n");
    }

    @Test
    void aPodThatIsGoneIsAnErrorNamingIt() {
        assertThatThrownBy(() -> new RunningPodLogs(new Fabric8KubernetesApi(client, Duration.ofMinutes(5)), 100).tail(new PodReference("default", "gone")))
                .isInstanceOf(RunningPodLogs.PodLogException.class)
                .hasMessageStartingWith("reading the log of pod default/gone failed: ")
                .hasMessageContaining("not found");
    }
}
