package io.taskpod.app.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import io.taskpod.core.dag.Schedule;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagFileLoaderTest {

    @TempDir
    Path dags;

    private final DagFileLoader loader = new DagFileLoader(DagDefaults.standard());

    @Test
    void everyBundledExampleLoadsWithoutErrors() {
        DagBag bag = loader.loadAll(dags, true);

        assertThat(bag.errors()).isEmpty();
        assertThat(bag.dags().keySet()).contains("example_hello", "example_fan_out_fan_in", "example_retries",
                "example_mapped", "example_command_env", "example_scheduled", "example_kubernetes",
                "example_producer", "example_consumer");
        assertThat(bag.dag("example_hello").orElseThrow().relativeFileloc())
                .isEqualTo("classpath:examples/dags/example_hello.yaml");
    }

    @Test
    void aFileIsParsedAgainOnlyWhenItChanged() throws IOException {
        Path file = write("steady.yaml", "dag_id: steady\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        write("edited.yaml", "dag_id: edited\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        DagBag first = loader.loadAll(dags, true);

        write("edited.yaml", "dag_id: edited\ntasks:\n  - {task_id: a, bash: 'true'}\n  - {task_id: b, bash: 'true'}\n");
        DagBag second = loader.loadAll(dags, true);

        assertThat(second.dag("steady").orElseThrow()).isSameAs(first.dag("steady").orElseThrow());
        assertThat(second.dag("example_hello").orElseThrow()).isSameAs(first.dag("example_hello").orElseThrow());
        assertThat(second.dag("edited").orElseThrow().tasks()).containsOnlyKeys("a", "b");
        Files.delete(file);
        assertThat(loader.loadAll(dags, false).dags()).containsOnlyKeys("edited");
    }

    @Test
    void readsEveryTaskFieldAndAppliesDefaultArgs() throws IOException {
        write("etl.yaml", """
                dag_id: etl
                description: nightly ETL
                schedule: "@daily"
                start_date: 2024-03-01
                catchup: false
                max_active_runs: 2
                max_active_tasks: 4
                tags: [team-a, nightly]
                default_args:
                  retries: 3
                  retry_delay: 1m
                  queue: kubernetes
                  env: {A: "1", B: "2"}
                tasks:
                  - task_id: extract
                    bash: echo hi
                  - task_id: load
                    depends_on: extract
                    command: [python3, load.py, --day, "1"]
                    retries: 0
                    retry_delay: PT10S
                    retry_exponential_backoff: true
                    max_retry_delay: 1h30m
                    execution_timeout: 90
                    queue: default
                    priority_weight: 7
                    env: {B: override, C: "on"}
                    executor_config:
                      pod_override: {metadata: {labels: {x: y}}}
                    expand: [1, two, {k: v}]
                """);

        DagBag bag = loader.loadAll(dags, false);

        assertThat(bag.errors()).isEmpty();
        Dag dag = bag.dag("etl").orElseThrow();
        assertThat(dag.description()).isEqualTo("nightly ETL");
        assertThat(dag.schedule()).isEqualTo(new Schedule.Cron("@daily", "0 0 * * *"));
        assertThat(dag.startDate()).contains(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(dag.catchup()).isFalse();
        assertThat(dag.maxActiveRuns()).isEqualTo(2);
        assertThat(dag.maxActiveTasks()).isEqualTo(4);
        assertThat(dag.tags()).containsExactly("team-a", "nightly");
        assertThat(dag.relativeFileloc()).isEqualTo("etl.yaml");

        TaskDefinition extract = dag.task("extract").orElseThrow();
        assertThat(extract.action()).isEqualTo(new TaskAction.Bash("echo hi"));
        assertThat(extract.retries()).isEqualTo(3);
        assertThat(extract.retryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(extract.queue()).isEqualTo("kubernetes");
        assertThat(extract.env()).isEqualTo(Map.of("A", "1", "B", "2"));
        assertThat(extract.isMapped()).isFalse();

        TaskDefinition load = dag.task("load").orElseThrow();
        assertThat(load.action()).isEqualTo(new TaskAction.Command(List.of("python3", "load.py", "--day", "1")));
        assertThat(load.dependsOn()).containsExactly("extract");
        assertThat(load.retries()).isZero();
        assertThat(load.retryDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(load.retryExponentialBackoff()).isTrue();
        assertThat(load.maxRetryDelay()).contains(Duration.ofMinutes(90));
        assertThat(load.executionTimeout()).contains(Duration.ofSeconds(90));
        assertThat(load.queue()).isEqualTo("default");
        assertThat(load.priorityWeight()).isEqualTo(7);
        assertThat(load.env()).as("task env merges over default_args env; values kept as written")
                .isEqualTo(Map.of("A", "1", "B", "override", "C", "on"));
        assertThat(load.executorConfig()).isEqualTo(Map.of("pod_override", Map.of("metadata", Map.of("labels", Map.of("x", "y")))));
        assertThat(load.expand()).contains(List.of(1, "two", Map.of("k", "v")));
        assertThat(dag.downstreamOf("extract")).containsExactly("load");
    }

    @Test
    void aBrokenFileIsReportedWhileTheOtherFilesLoad() throws IOException {
        write("good.yaml", "dag_id: good\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        write("sub/also_good.yml", "dag_id: also_good\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        write("broken.yaml", "dag_id: broken\ntasks:\n  - task_id: a\n    bash: [unclosed\n");
        write(".hidden/ignored.yaml", "not: a dag");
        write("notes.txt", "not yaml at all: [");

        DagBag bag = loader.loadAll(dags, false);

        assertThat(bag.dags().keySet()).as("files in path order").containsExactly("good", "also_good");
        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(dags.resolve("broken.yaml").toString());
            assertThat(error.line()).isPresent();
            assertThat(error.reason()).startsWith("invalid YAML");
        });
    }

    @Test
    void aDagIdDefinedInTwoFilesKeepsTheFirstAndReportsTheSecond() throws IOException {
        write("a.yaml", "dag_id: same\ntasks:\n  - {task_id: first, bash: 'true'}\n");
        write("b.yaml", "dag_id: same\ntasks:\n  - {task_id: second, bash: 'true'}\n");

        DagBag bag = loader.loadAll(dags, false);

        assertThat(bag.dag("same").orElseThrow().tasks()).containsKey("first");
        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).endsWith("b.yaml");
            assertThat(error.reason()).contains("already defined in").contains("a.yaml");
        });
    }

    @Test
    void aNewcomerFileThatSortsFirstDoesNotTakeOverADagLoadedBeforeFromAnotherFile() throws IOException {
        write("b.yaml", "dag_id: same\ntasks:\n  - {task_id: original, bash: 'true'}\n");
        write("a_copy.yaml", "dag_id: same\ntasks:\n  - {task_id: copy, bash: 'true'}\n");

        DagBag bag = loader.loadAll(dags, false, java.util.Map.of("same", "b.yaml"));

        assertThat(bag.dag("same").orElseThrow().tasks()).containsKey("original");
        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).endsWith("a_copy.yaml");
            assertThat(error.reason()).contains("already defined in").contains("b.yaml");
        });
    }

    @Test
    void aBadDagInAMultiDocumentFileDoesNotStopTheOtherDags() throws IOException {
        write("two.yaml", """
                dag_id: fine
                tasks:
                  - {task_id: a, bash: 'true'}
                ---
                dag_id: not_fine
                tasks:
                  - {task_id: a, bash: 'true', depends_on: ghost}
                """);

        DagBag bag = loader.loadAll(dags, false);

        assertThat(bag.dags().keySet()).containsExactly("fine");
        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).contains(7);
            assertThat(error.reason()).contains("unknown upstream task 'ghost'");
        });
    }

    @Test
    void aWorkerLoadsTheFileRecordedForTheDag() throws IOException {
        write("team/etl.yaml", "dag_id: etl\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        String fileloc = loader.loadAll(dags, false).dag("etl").orElseThrow().relativeFileloc();

        assertThat(loader.loadDag(dags, fileloc, "etl")).isPresent();
        assertThat(loader.loadDag(dags, "classpath:examples/dags/example_hello.yaml", "example_hello")).isPresent();
        assertThat(loader.loadFile(dags, "missing.yaml").errors()).singleElement()
                .satisfies(error -> assertThat(error.reason()).startsWith("cannot read the file"));
    }

    @Test
    void aDagsFolderThatIsALinkIsFollowedAndFilesAreRecordedRelativeToTheLink() throws IOException {
        write(".worktrees/abc123/team/etl.yaml", "dag_id: etl\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        Path link = Files.createSymbolicLink(dags.resolve("repo"), Path.of(".worktrees/abc123"));

        DagBag bag = loader.loadAll(link, false);

        assertThat(bag.errors()).isEmpty();
        assertThat(bag.dag("etl").orElseThrow().relativeFileloc()).isEqualTo(Path.of("team", "etl.yaml").toString());
        assertThat(loader.loadDag(link, "team/etl.yaml", "etl")).isPresent();
    }

    private static DagDefaults configured(String... executors) {
        return new DagDefaults("default", 0, Duration.ofMinutes(5), 16, 16, true, List.of(executors));
    }

    @Test
    void anUnknownExecutorNameIsALoadErrorNamingTheTaskAndTheConfiguredExecutors() throws IOException {
        write("e.yaml", "dag_id: e\ntasks:\n  - task_id: extract\n    executor: CeleryExecutor\n    bash: 'true'\n");

        DagBag bag = new DagFileLoader(configured("LocalExecutor", "KubernetesExecutor")).loadAll(dags, false);

        assertThat(bag.dags()).isEmpty();
        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).contains(4);
            assertThat(error.field()).contains("tasks[0].executor");
            assertThat(error.reason()).isEqualTo("task 'extract' asks for executor 'CeleryExecutor', which is not "
                    + "configured; [core] executor = LocalExecutor,KubernetesExecutor");
        });
    }

    @Test
    void anUnknownExecutorInDefaultArgsIsReportedForTheDefaults() throws IOException {
        write("d.yaml", "dag_id: d\ndefault_args:\n  executor: KubernetesExecutor\ntasks:\n  - {task_id: a, bash: 'true'}\n");

        DagBag bag = new DagFileLoader(configured("LocalExecutor")).loadAll(dags, false);

        assertThat(bag.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).contains("default_args.executor");
            assertThat(error.reason()).startsWith("default_args asks for executor 'KubernetesExecutor', which is not configured");
        });
    }

    @Test
    void namingASideOfTheConfiguredLocalKubernetesExecutorIsAnErrorThatPointsToTheQueue() throws IOException {
        write("s.yaml", "dag_id: s\ntasks:\n  - {task_id: train, executor: KubernetesExecutor, bash: 'true'}\n");

        DagBag bag = new DagFileLoader(configured("LocalKubernetesExecutor")).loadAll(dags, false);

        assertThat(bag.errors()).singleElement().extracting(DagLoadError::reason).isEqualTo("task 'train' asks for "
                + "executor 'KubernetesExecutor', which is not configured; [core] executor = LocalKubernetesExecutor "
                + "(LocalKubernetesExecutor picks its side by queue: a task on a queue of [local_kubernetes_executor] "
                + "kubernetes_queue runs as a pod, any other task locally)");
    }

    @Test
    void configuredExecutorsAreAcceptedAndAWorkersLoaderAcceptsAny() throws IOException {
        write("ok.yaml", "dag_id: ok\ntasks:\n  - {task_id: a, executor: KubernetesExecutor, bash: 'true'}\n"
                + "  - {task_id: b, executor: LocalKubernetesExecutor, queue: kubernetes, bash: 'true'}\n");
        DagDefaults defaults = configured("LocalKubernetesExecutor", "KubernetesExecutor");

        DagBag scheduler = new DagFileLoader(defaults).loadAll(dags, false);
        DagBag worker = new DagFileLoader(configured("LocalExecutor").anyExecutor()).loadAll(dags, false);

        assertThat(scheduler.errors()).isEmpty();
        assertThat(scheduler.dag("ok").orElseThrow().task("a").orElseThrow().executor()).contains("KubernetesExecutor");
        assertThat(worker.errors()).isEmpty();
        assertThat(worker.dag("ok")).isPresent();
    }

    @Test
    void unicodeIdsAreAccepted() throws IOException {
        write("u.yaml", "dag_id: 影師嗎\ntasks:\n  - {task_id: Компьютер, bash: 'true'}\n");

        DagBag bag = loader.loadAll(dags, false);

        assertThat(bag.errors()).isEmpty();
        assertThat(bag.dag("影師嗎").orElseThrow().tasks()).containsKey("Компьютер");
    }

    @Test
    void everyProblemOfADagIsReportedAtOnce() throws IOException {
        write("many.yaml", """
                dag_id: many
                retries: 2
                tasks:
                  - task_id: a
                    bash: 'true'
                    retries: lots
                  - task_id: b
                    command: echo hi
                """);

        List<DagLoadError> errors = loader.loadAll(dags, false).errors();

        assertThat(errors).extracting(e -> e.field().orElse("")).containsExactly("retries", "tasks[0].retries", "tasks[1].command");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dags.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
