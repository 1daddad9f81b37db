package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.execution.TokenCheck;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.app.scheduler.MutableClock;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
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
import java.time.Instant;
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

    @Test
    void aPodsLaunchTokenOutlivesTheLongestPendingTimeAndRenewedTokensKeepTheNormalLifetime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Config config = config(new MapConfigSource("taskpod.cfg")
                .set("api", "execution_api_jwt_secret", "s3cret")
                .set("api", "execution_api_jwt_expiration_time", "600")
                .set("kubernetes_executor", "in_cluster", "False")
                .set("kubernetes_executor", "worker_pods_pending_timeout", "1800"));
        TryTokens api = TryTokens.from(config, clock);
        TaskInstanceKey key = new TaskInstanceKey("etl", "load", "manual__1", 1, -1);

        String launchToken = KubernetesExecutors.launchTokens(config, KubernetesExecutorSettings.from(config), clock)
                .issue(key, 1);

        clock.advance(Duration.ofMinutes(15));
        assertThat(api.check(launchToken)).as("a pod Pending 15 minutes, within the 30-minute pending timeout, claims")
                .isInstanceOfSatisfying(TokenCheck.Valid.class, valid -> {
                    assertThat(valid.claims().key()).isEqualTo(key);
                    assertThat(valid.claims().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:40:00Z"));
                });
        TokenCheck.Valid claimed = (TokenCheck.Valid) api.check(launchToken);
        String renewed = api.renew(claimed.claims());
        assertThat(api.check(renewed)).isInstanceOfSatisfying(TokenCheck.Valid.class, valid -> assertThat(
                valid.claims().expiresAt()).as("a heartbeat's token lasts execution_api_jwt_expiration_time")
                .isEqualTo(clock.instant().plusSeconds(600)));
        clock.advance(Duration.ofMinutes(25));
        assertThat(api.check(launchToken)).as("no pod starts later than the pending timeout: the token then expires")
                .isInstanceOf(TokenCheck.Invalid.class);
    }
}
