package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskpod dags list}, run in-process: an executor_config the KubernetesExecutor would refuse is a load error. */
class DagsListCommandTest {

    @TempDir
    Path home;

    private Path config;
    private Path dags;
    private final InProcessCli cli = new InProcessCli();

    @BeforeEach
    void writeConfigAndDags() throws Exception {
        dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("good.yaml"), """
                dag_id: good
                tasks:
                  - task_id: big
                    bash: echo big
                    executor_config:
                      pod_override:
                        spec:
                          containers:
                            - name: base
                              resources: {limits: {memory: 2Gi}}
                """);
        Files.writeString(dags.resolve("typo.yaml"), """
                dag_id: typo
                tasks:
                  - task_id: fine
                    bash: echo fine
                  - task_id: big
                    bash: echo big
                    executor_config:
                      pod_override:
                        spec:
                          containers:
                            - name: base
                              resources: {limits: {memory: lots}}
                """);
        config = Files.writeString(home.resolve("taskpod.cfg"), "[core]\nexecutor = KubernetesExecutor\n"
                + "dags_folder = " + dags + "\nload_examples = False\n");
    }

    @Test
    void aBadExecutorConfigIsALoadErrorNamingTheFileAndTheField() {
        assertThat(cli.run(config, "dags", "list", "--fail-on-load-errors")).isEqualTo(1);

        assertThat(cli.out()).containsPattern("good\\s+none\\s+1\\s+good.yaml")
                .doesNotContain("typo.yaml\n")
                .contains("Load errors (1):")
                .contains(dags.resolve("typo.yaml") + ":7: tasks[1].executor_config.pod_override.spec.containers[0]"
                        + ".resources.limits.memory: expected a Kubernetes quantity");
    }

    @Test
    void theJsonListingNamesTheFieldToo() throws Exception {
        assertThat(cli.run(config, "dags", "list", "-o", "json")).isZero();

        JsonNode document = new ObjectMapper().readTree(cli.out());
        assertThat(document.path("dags")).hasSize(1);
        JsonNode error = document.path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo(dags.resolve("typo.yaml").toString());
        assertThat(error.path("line").asInt()).isEqualTo(7);
        assertThat(error.path("field").asText())
                .isEqualTo("tasks[1].executor_config.pod_override.spec.containers[0].resources.limits.memory");
    }

    @Test
    void generatePodYamlDoesNotFindADagThatDidNotLoad() {
        assertThat(cli.run(config, "kubernetes", "generate-pod-yaml", "typo")).isNotZero();

        assertThat(cli.err()).contains("no DAG typo in the DAGs folder (1 file(s) failed to load");
    }
}
