package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.pod.PodLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskpod kubernetes generate-pod-yaml}, run in-process against a temporary home. */
class KubernetesCommandTest {

    @TempDir
    Path home;

    private Path config;
    private final InProcessCli cli = new InProcessCli();

    @BeforeEach
    void writeConfigAndDag() throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("pods.yaml"), """
                dag_id: pods
                tasks:
                  - task_id: plain
                    bash: echo hi
                  - task_id: big
                    bash: echo big
                    queue: kubernetes
                    executor_config:
                      pod_override:
                        spec:
                          containers:
                            - name: base
                              resources: {limits: {memory: 2Gi}}
                  - task_id: broken
                    bash: echo broken
                    executor_config:
                      pod_template_file: /no/such/template.yaml
                """);
        config = configWith("KubernetesExecutor");
    }

    private Path configWith(String executor) throws Exception {
        Path dags = home.resolve("dags");
        return Files.writeString(home.resolve("taskpod.cfg"), "[core]\nexecutor = " + executor + "\ndags_folder = "
                + dags + "\nload_examples = False\n[scheduler]\ninstance_id = scheduler-a\n"
                + "[kubernetes_executor]\nnamespace = workers\nworker_container_repository = registry.example/taskpod\n"
                + "worker_container_tag = 1.0\n");
    }

    private int run(String... args) {
        return cli.run(config, args);
    }

    @Test
    void printsTheCreatablePodsAndNamesTheFieldOfTheBrokenTask() {
        int exit = run("kubernetes", "generate-pod-yaml", "pods");

        assertThat(exit).isEqualTo(1);
        List<Pod> pods = new KubernetesSerialization().unmarshal(cli.out());
        assertThat(pods).hasSize(2);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getNamespace()).isEqualTo("workers");
            assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("registry.example/taskpod:1.0");
        });
        assertThat(PodIdentity.of(pods.get(1)).key().taskId()).isEqualTo("big");
        assertThat(pods.get(1).getSpec().getContainers().getFirst().getResources().getLimits().get("memory").toString())
                .isEqualTo("2Gi");
        assertThat(cli.out()).contains("# pods.plain").contains("# pods.big").doesNotContain("broken");
        assertThat(cli.err().strip()).isEqualTo("taskpod: pods.broken: "
                + "executor_config.pod_template_file(/no/such/template.yaml): cannot read the pod template file "
                + "(NoSuchFileException)");
    }

    @Test
    void oneTaskOnly() {
        assertThat(run("kubernetes", "generate-pod-yaml", "pods", "plain")).isZero();
        assertThat(cli.out()).contains("# pods.plain").doesNotContain("# pods.big");
        assertThat(cli.out()).contains("generate_pod_yaml__placeholder");
        Pod pod = new KubernetesSerialization().unmarshal(cli.out(), Pod.class);
        assertThat(pod.getMetadata().getLabels()).containsEntry(PodLabels.WORKER, "scheduler-a");
    }

    @Test
    void underTheHybridOnlyTheKubernetesQueueGetsPodsAndTheOtherTasksAreNamed() throws Exception {
        config = configWith("LocalKubernetesExecutor");

        assertThat(run("kubernetes", "generate-pod-yaml", "pods")).isZero();

        assertThat(cli.out()).contains("# pods.big").doesNotContain("# pods.plain");
        assertThat(cli.err()).contains("taskpod: pods.plain runs on the local side of the LocalKubernetesExecutor"
                + " (queue default): no pod").contains("pods.broken runs on the local side");
    }

    @Test
    void withoutAKubernetesExecutorEveryTaskIsShownAndTheNoteSaysWhy() throws Exception {
        config = configWith("LocalExecutor");

        assertThat(run("kubernetes", "generate-pod-yaml", "pods", "plain")).isZero();

        assertThat(cli.out()).contains("# pods.plain");
        assertThat(cli.err()).contains("[core] executor = LocalExecutor runs no pods");
    }

    @Test
    void withoutImageSettingsOrTemplateThePodsRunThisBuildsImage() throws Exception {
        config = Files.writeString(home.resolve("taskpod.cfg"), "[core]\ndags_folder = " + home.resolve("dags")
                + "\nload_examples = False\n");

        assertThat(run("kubernetes", "generate-pod-yaml", "pods", "plain")).isZero();

        Pod pod = new KubernetesSerialization().unmarshal(cli.out(), Pod.class);
        assertThat(pod.getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current());
    }

    @Test
    void unknownDagOrTaskIsAClearError() {
        assertThat(run("kubernetes", "generate-pod-yaml", "nope")).isEqualTo(1);
        assertThat(cli.err()).contains("taskpod: no DAG nope in the DAGs folder");
        assertThat(run("kubernetes", "generate-pod-yaml", "pods", "nope")).isEqualTo(1);
        assertThat(cli.err()).contains("DAG pods has no task nope; its tasks: [plain, big, broken]");
    }
}
