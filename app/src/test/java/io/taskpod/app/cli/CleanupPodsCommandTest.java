package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskpod kubernetes cleanup-pods}, in-process, against the test API server through a kubeconfig. */
class CleanupPodsCommandTest {

    @TempDir
    Path home;

    private TestKubernetesApiServer server;
    private KubernetesClient admin;
    private Path config;
    private final InProcessCli cli = new InProcessCli();

    @BeforeEach
    void cluster() throws Exception {
        server = TestKubernetesApiServer.startNew();
        admin = server.newClient();
        server.createNamespace("workers");
        server.createNamespace("team-b");
        config = Files.writeString(home.resolve("taskpod.cfg"), "[kubernetes_executor]\nnamespace = workers\n"
                + "in_cluster = False\nconfig_file = " + server.writeKubeconfig(home.resolve("kubeconfig")) + "\n");
        pod("workers", "done", true, "Succeeded");
        pod("workers", "crashed", true, "Failed");
        pod("workers", "busy", true, "Running");
        pod("workers", "not-ours", false, "Succeeded");
        pod("team-b", "done-b", true, "Succeeded");
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    @Test
    void dryRunNamesWhatWouldGoAndDeletesNothing() {
        assertThat(run("kubernetes", "cleanup-pods", "--dry-run")).isZero();

        assertThat(cli.out()).contains("would delete workers/done (Succeeded, finished ")
                .contains("would delete workers/crashed (Failed, finished ")
                .doesNotContain("busy").doesNotContain("not-ours")
                .contains("cleanup-pods: 3 worker pods in namespace workers: 2 would be deleted, 1 kept");
        assertThat(pods("workers")).hasSize(4);
    }

    @Test
    void deletesFinishedWorkerPodsOfTheConfiguredNamespaceOnly() {
        assertThat(run("kubernetes", "cleanup-pods")).isZero();

        assertThat(cli.out()).contains("deleted workers/done").contains("deleted workers/crashed")
                .contains(": 2 deleted, 1 kept (running, too young, or not taskpod's), 0 gone or changed meanwhile, 0 failed");
        assertThat(pods("workers")).containsExactlyInAnyOrder("busy", "not-ours");
        assertThat(pods("team-b")).containsExactly("done-b");
    }

    @Test
    void namedNamespacesReplaceTheConfiguredOneAndYoungPodsStay() {
        assertThat(run("kubernetes", "cleanup-pods", "--namespace", "team-b", "--older-than", "1h")).isZero();

        assertThat(cli.out()).contains("1 worker pods in namespace team-b: 0 deleted, 1 kept");
        assertThat(pods("team-b")).containsExactly("done-b");
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThat(run("kubernetes", "cleanup-pods", "--older-than", "soon")).isEqualTo(2);
        assertThat(cli.err()).contains("--older-than", "expected a duration such as 30 (seconds), 30s");
        assertThat(run("kubernetes", "cleanup-pods", "--namespace", "Team_B")).isEqualTo(1);
        assertThat(cli.err()).contains("--namespace Team_B: expected a DNS-1123 label");
    }

    @Test
    void anUnreachableNamespaceIsReportedWithExitCodeOne() {
        server.faults().failNext(1, request -> request.namespace().equals("workers"),
                Failure.of(403, "Forbidden", "pods is forbidden"));

        assertThat(run("kubernetes", "cleanup-pods")).isEqualTo(1);

        assertThat(cli.err()).contains("taskpod: cannot list the pods in namespace workers: HTTP 403: pods is forbidden");
    }

    private int run(String... args) {
        return cli.run(config, args);
    }

    private List<String> pods(String namespace) {
        return admin.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    private void pod(String namespace, String name, boolean ours, String phase) {
        Map<String, String> labels = ours ? Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE, PodLabels.WORKER,
                "scheduler-0") : Map.of("app", "other");
        admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("base").withImage("x:1").endContainer()
                .endSpec().build()).create();
        admin.pods().inNamespace(namespace).withName(name).editStatus(pod -> new PodBuilder(pod).editOrNewStatus()
                .withPhase(phase).endStatus().build());
    }
}
