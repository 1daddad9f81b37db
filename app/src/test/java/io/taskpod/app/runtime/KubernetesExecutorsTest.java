package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.Executor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.kubernetes.PostgresResourceVersionStore;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.PostgresTaskStateLookup;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code [core] executor = KubernetesExecutor}: the built-in factory builds it from the configuration, or says which key is wrong. */
class KubernetesExecutorsTest {

    @TempDir
    Path home;

    private Config config(MapConfigSource source) {
        return new Config(source, ConfigLoader.schema(), home);
    }

    /** The database ports on a data source that is never connected to: building an executor queries nothing. */
    private static ExecutorFactory.Context context(Config config) {
        Jdbc jdbc = new Jdbc(new PGSimpleDataSource());
        Clock clock = Clock.systemUTC();
        return new ExecutorFactory.Context(config, Optional.empty(), new DatabaseSettings("jdbc:postgresql://db/x", "u",
                "", 1), "sched-1", new PostgresTaskStateLookup(new TaskInstanceRepository(jdbc),
                        new SchedulerRepository(jdbc), Duration.ofSeconds(30), clock),
                new PostgresResourceVersionStore(jdbc, clock), clock, new SimpleMeterRegistry());
    }

    @Test
    void theBuiltInFactoryBuildsAKubernetesExecutorForThisSchedulerFromTheConfiguration() {
        try (TestKubernetesApiServer server = TestKubernetesApiServer.startNew()) {
            Path kubeconfig = server.writeKubeconfig(home.resolve("kubeconfig"));
            Config config = config(new MapConfigSource("taskpod.cfg")
                    .set("core", "executor", "KubernetesExecutor")
                    .set("core", "parallelism", "7")
                    .set("kubernetes_executor", "in_cluster", "False")
                    .set("kubernetes_executor", "config_file", kubeconfig.toString()));

            List<Executor> executors = BuiltInExecutors.factory().createConfigured(context(config));

            assertThat(executors).singleElement().isInstanceOfSatisfying(KubernetesExecutor.class, executor -> {
                assertThat(executor.name()).isEqualTo("KubernetesExecutor");
                assertThat(executor.schedulerId()).isEqualTo("sched-1");
                assertThat(executor.parallelism()).isEqualTo(7);
                executor.end();
            });
        }
    }

    @Test
    void aBadKubernetesExecutorValueIsAConfigurationErrorNamingTheKey() {
        Config config = config(new MapConfigSource("taskpod.cfg")
                .set("core", "executor", "KubernetesExecutor")
                .set("kubernetes_executor", "in_cluster", "False")
                .set("kubernetes_executor", "delete_option_kwargs", "[10]"));

        assertThatThrownBy(() -> BuiltInExecutors.factory().createConfigured(context(config)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[kubernetes_executor] delete_option_kwargs");
    }

    @Test
    void aMissingKubeconfigIsAConfigurationErrorNamingTheKey() {
        Config config = config(new MapConfigSource("taskpod.cfg")
                .set("core", "executor", "KubernetesExecutor")
                .set("kubernetes_executor", "in_cluster", "False")
                .set("kubernetes_executor", "config_file", home.resolve("nowhere").toString()));

        assertThatThrownBy(() -> BuiltInExecutors.factory().createConfigured(context(config)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[kubernetes_executor] config_file = " + home.resolve("nowhere") + ": file does not exist or is not a regular file");
    }
}
