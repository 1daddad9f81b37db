package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code [core] executor} lists a scheduler accepts, and what it builds from them. */
class ExecutorListTest {

    /** An executor that is only a name: enough to see what was built where. */
    private static final class Named extends BaseExecutor {
        Named(String name) {
            super(name, 1);
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

    private static final ExecutorFactory.Provider LOCAL = c -> new Named("LocalExecutor");
    private static final ExecutorFactory.Provider KUBERNETES = c -> new Named("KubernetesExecutor");
    private final ExecutorFactory factory = new ExecutorFactory(Map.of("LocalExecutor", LOCAL,
            "KubernetesExecutor", KUBERNETES,
            "LocalKubernetesExecutor", LocalKubernetesExecutors.provider(LOCAL, KUBERNETES)));

    private static ExecutorFactory.Context context(Map<String, String> core, Map<String, String> hybrid) {
        MapConfigSource source = new MapConfigSource("taskpod.cfg");
        core.forEach((key, value) -> source.set("core", key, value));
        hybrid.forEach((key, value) -> source.set("local_kubernetes_executor", key, value));
        Config config = new Config(source, ConfigLoader.schema(), Path.of("/home/taskpod"));
        return new ExecutorFactory.Context(config, Optional.empty(),
                new DatabaseSettings("jdbc:postgresql://db/x", "u", "", 1), "s1", null, null, Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    @Test
    void theHybridIsBuiltFromBothSidesWithTheConfiguredKubernetesQueues() {
        List<Executor> built = factory.createConfigured(context(Map.of("executor", "LocalKubernetesExecutor"),
                Map.of("kubernetes_queue", " kubernetes , gpu-queue ")));

        assertThat(built).singleElement().isInstanceOfSatisfying(LocalKubernetesExecutor.class, hybrid -> {
            assertThat(hybrid.kubernetesQueues()).containsExactly("kubernetes", "gpu-queue");
            assertThat(hybrid.sideFor("gpu-queue").name()).isEqualTo("KubernetesExecutor");
            assertThat(hybrid.sideFor("default").name()).isEqualTo("LocalExecutor");
        });
    }

    @Test
    void theKubernetesQueueDefaultsToKubernetes() {
        List<Executor> built = factory.createConfigured(context(Map.of("executor", "LocalKubernetesExecutor"), Map.of()));

        assertThat(((LocalKubernetesExecutor) built.getFirst()).kubernetesQueues()).containsExactly("kubernetes");
    }

    @Test
    void theHybridAndASeparateLocalExecutorMayBeCombinedTheFirstBeingTheDefault() {
        List<Executor> built = factory.createConfigured(context(Map.of("executor",
                "LocalKubernetesExecutor,LocalExecutor"), Map.of()));

        assertThat(built).extracting(Executor::name).containsExactly("LocalKubernetesExecutor", "LocalExecutor");
        assertThat(((LocalKubernetesExecutor) built.getFirst()).sideFor("default")).isNotSameAs(built.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LocalKubernetesExecutor,KubernetesExecutor", "KubernetesExecutor,LocalKubernetesExecutor",
        "LocalExecutor,KubernetesExecutor,LocalKubernetesExecutor"})
    void twoKubernetesExecutorsInOneSchedulerAreAConfigurationError(String executors) {
        assertThatThrownBy(() -> factory.createConfigured(context(Map.of("executor", executors), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[core] executor = " + executors + ": LocalKubernetesExecutor already runs a "
                        + "KubernetesExecutor; two in one scheduler would watch, adopt and clean up the same pods")
                .hasMessageContaining("List one of them");
    }

    @Test
    void anEmptyKubernetesQueueListIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> factory.createConfigured(context(Map.of("executor", "LocalKubernetesExecutor"),
                Map.of("kubernetes_queue", " , "))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[local_kubernetes_executor] kubernetes_queue =  ,  (taskpod.cfg): expected a "
                        + "comma-separated list with at least one name");
    }

    @Test
    void taskpodShipsTheThreeExecutorsAndTheHybridsKubernetesSideIsTheKubernetesExecutor() {
        assertThatThrownBy(() -> BuiltInExecutors.factory().createConfigured(context(Map.of("executor", "Celery"),
                Map.of())))
                .isInstanceOf(ConfigException.class).hasMessage("[core] executor = Celery: unknown executor 'Celery'; "
                        + "expected one of [LocalExecutor, KubernetesExecutor, LocalKubernetesExecutor]");
        assertThat(LocalKubernetesExecutor.KUBERNETES_SIDE).isEqualTo(KubernetesExecutor.NAME);
    }

    @Test
    void theSameExecutorListedTwiceIsAConfigurationError() {
        assertThatThrownBy(() -> factory.createConfigured(context(Map.of("executor",
                "LocalKubernetesExecutor,LocalKubernetesExecutor"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[core] executor = LocalKubernetesExecutor,LocalKubernetesExecutor: executor "
                        + "LocalKubernetesExecutor is listed twice");
    }
}
