package io.taskpod.testkit.kubernetes;

import static io.taskpod.testkit.kubernetes.TestKubeletTest.shellPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // watches and kubelets opened for their side effects, closed by try
class TestKubeletClusterTest {

    @TempDir
    Path workDir;

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    private long succeeded(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> "Succeeded".equals(pod.getStatus().getPhase())).count();
    }

    private void createPods(String namespace, String prefix, int count) {
        IntStream.range(0, count).forEach(i -> client.pods().inNamespace(namespace)
                .resource(shellPod(prefix + i, "echo " + prefix + i)).create());
    }

    @Test
    void twoNodesShareThePodsAndEachPodRunsExactlyOnce() {
        try (TestKubelet one = TestKubelet.builder(server).nodeName("node-1").workDir(workDir.resolve("1")).start();
                TestKubelet two = TestKubelet.builder(server).nodeName("node-2").workDir(workDir.resolve("2"))
                        .start()) {
            createPods("default", "p", 20);

            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded("default") == 20);

            List<PodRecord> all = Stream.concat(one.pods().stream(), two.pods().stream()).toList();
            assertThat(all).hasSize(20).extracting(PodRecord::name).doesNotHaveDuplicates();
            assertThat(one.processesLaunched() + two.processesLaunched()).isEqualTo(20);
            assertThat(client.pods().list().getItems()).allSatisfy(pod -> assertThat(pod.getSpec().getNodeName())
                    .isIn("node-1", "node-2"));
        }
    }

    @Test
    void kubeletsWatchOnlyTheirNamespaces() {
        server.createNamespace("team-a");
        server.createNamespace("team-b");
        try (TestKubelet a = TestKubelet.builder(server).nodeName("a").namespaces("team-a")
                .workDir(workDir.resolve("a")).start();
                TestKubelet both = TestKubelet.builder(server).nodeName("ab").namespaces("team-a", "team-b")
                        .workDir(workDir.resolve("ab")).start()) {
            both.pause();
            createPods("team-a", "a", 2);
            createPods("team-b", "b", 2);

            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded("team-a") == 2);
            assertThat(a.pods()).extracting(PodRecord::namespace).containsOnly("team-a");
            assertThat(succeeded("team-b")).isZero();

            both.resume();
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded("team-b") == 2);
            assertThat(both.pods()).extracting(PodRecord::namespace).containsOnly("team-b");
        }
    }

    @Test
    void noPodRunsTwiceAcrossWatchOutagesExpiriesAndAServerRestart() {
        try (TestKubelet kubelet = TestKubelet.builder(server).workDir(workDir).start()) {
            createPods("default", "first", 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded("default") == 3);

            server.faults().dropOpenWatches();
            createPods("default", "second", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded("default") == 5);

            server.faults().expireOpenWatches();
            server.compact();
            createPods("default", "third", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded("default") == 7);

            server.stop();
            server.start();
            createPods("default", "fourth", 2);
            await().atMost(Duration.ofSeconds(40)).until(() -> succeeded("default") == 9);

            assertThat(kubelet.processesLaunched()).isEqualTo(9);
            assertThat(kubelet.pods()).hasSize(9).extracting(PodRecord::uid).doesNotHaveDuplicates();
            assertThat(client.pods().list().getItems()).extracting(Pod::getMetadata)
                    .allSatisfy(meta -> assertThat(kubelet.logsOf("default", meta.getName()))
                            .isEqualTo(meta.getName() + "\n"));
        }
    }

    @Test
    void requestCountsTellTheKubeletsRequestsApart() {
        try (TestKubelet kubelet = TestKubelet.builder(server).workDir(workDir).start()) {
            server.resetRequestCounts();
            createPods("default", "p", 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded("default") == 2);

            RequestCounts counts = server.requestCounts();
            assertThat(counts.excludingTestKubelets().count(Verb.CREATE, "pods")).isEqualTo(2);
            RequestCounts kubelets = counts.fromClients(agent -> agent.startsWith(TestKubelet.USER_AGENT_PREFIX));
            assertThat(kubelets.count(Verb.CREATE, "pods/binding") + kubelets.count(Verb.CREATE, "bindings"))
                    .isEqualTo(2);
            assertThat(kubelets.count(Verb.PATCH, "pods/status")).isEqualTo(6);
            assertThat(kubelets.count(Verb.GET, "pods")).isZero();
            assertThat(kubelets.count(Verb.CREATE, "pods")).isZero();
        }
    }
}
