package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.config.IniEnvConfigSource;
import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/executors.md are what taskpod accepts: DAG files load, pods build, configurations start. */
class ExecutorsDocTest {

    private static final Path DOC = Path.of("..", "docs", "executors.md");

    @TempDir
    Path home;

    private static List<String> blocks(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private DagBag loadDocDags(DagDefaults defaults) throws IOException {
        Path dags = Files.createDirectories(home.resolve("dags"));
        for (String block : blocks("yaml")) {
            String dagId = block.lines().findFirst().orElseThrow().replace("dag_id:", "").strip();
            Files.writeString(dags.resolve(dagId + ".yaml"), block);
        }
        return new DagFileLoader(defaults).loadAll(dags, false);
    }

    @Test
    void everyDagLoadsAndEveryTaskBuildsAValidPod() throws IOException {
        DagBag bag = loadDocDags(DagDefaults.standard());
        MapConfigSource image = new MapConfigSource("test")
                .set(KubernetesConfigKeys.SECTION, "worker_container_repository", "ghcr.io/example/taskpod")
                .set(KubernetesConfigKeys.SECTION, "worker_container_tag", "0.1.0");
        PodFactory pods = new PodFactory(KubernetesExecutorSettings.from(new Config(image,
                new ConfigSchema(List.of(KubernetesConfigKeys.ALL)), home)), "s1", new PodTemplateLoader());

        assertThat(bag.errors()).isEmpty();
        assertThat(bag.dags()).containsOnlyKeys("train_model", "per_task_choice");
        for (Dag dag : bag.dags().values()) {
            for (TaskDefinition task : dag.tasks().values()) {
                TaskInstanceKey key = new TaskInstanceKey(dag.dagId(), task.taskId(), "r1", 1, -1);
                PodBuildResult pod = pods.build(new ExecuteTask(key, task.queue(), 1, task.executor(),
                        task.executorConfig(), 1, WorkerCommand.forLaunch(key, 1)));
                assertThat(pod).as(dag.dagId() + "." + task.taskId()).isInstanceOf(PodBuildResult.Built.class);
            }
        }
        assertThat(bag.dag("train_model").orElseThrow().task("train").orElseThrow().queue()).isEqualTo("gpu-queue");
    }

    @Test
    void theQuotedLoadErrorIsTheOneTaskpodReports() throws IOException {
        DagBag bag = loadDocDags(new DagDefaults("default", 0, Duration.ofMinutes(5), 16, 16, true,
                List.of("LocalExecutor")));

        List<String> errors = bag.errors().stream().map(DagLoadError::describe)
                .map(error -> error.replace(home.resolve("dags").toString(), "/opt/taskpod/dags")).toList();

        assertThat(errors).hasSize(1);
        assertThat(Files.readString(DOC).contains(errors.getFirst())).as("docs/executors.md quotes " + errors.getFirst())
                .isTrue();
    }

    @Test
    void everyConfigurationUsesKnownKeysAndAnExecutorListTheSchedulerAccepts() throws IOException {
        ExecutorFactory.Provider stub = context -> new Stub();
        ExecutorFactory factory = new ExecutorFactory(Map.of("LocalExecutor", stub, "KubernetesExecutor", stub,
                "LocalKubernetesExecutor", LocalKubernetesExecutors.provider(stub, stub)));
        List<String> blocks = blocks("ini");

        assertThat(blocks).hasSize(3);
        for (String block : blocks) {
            Path file = Files.writeString(home.resolve("taskpod.cfg"), block);
            Config config = new Config(IniEnvConfigSource.read(Optional.of(file), Map.of()), ConfigLoader.schema(), home);
            config.validate();

            assertThat(config.unknownKeyWarnings()).as(block).isEmpty();
            assertThat(factory.createConfigured(new ExecutorFactory.Context(config, Optional.empty(),
                    new DatabaseSettings("jdbc:postgresql://db/x", "u", "", 1), "s1", null, null, Clock.systemUTC(),
                new SimpleMeterRegistry())))
                    .as(block).isNotEmpty();
        }
    }

    /** An executor that is only a name. */
    private static final class Stub extends BaseExecutor {
        Stub() {
            super("stub", 1);
        }

        @Override
        protected void executeAsync(ExecuteTask workload) {}

        @Override
        public void sync() {}

        @Override
        public void start() {}

        @Override
        public void end() {}

        @Override
        public void terminate() {}
    }
}
