package io.taskpod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.scheduler.SchedulerSettings;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.Executor;
import io.taskpod.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduler's and the composition's configuration keys: typed values, and errors that say what is wrong. */
class SchedulerConfigTest {

    private static Config config(String section, String key, String value) {
        return new Config(new MapConfigSource("taskpod.cfg").set(section, key, value), ConfigLoader.schema(),
                Path.of("/home/taskpod"));
    }

    @ParameterizedTest(name = "[{0}] {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "scheduler | task_queued_timeout              | soon  | [scheduler] task_queued_timeout = soon (taskpod.cfg): expected a number of seconds >= 0.1",
        "scheduler | num_stuck_in_queued_retries      | -1    | [scheduler] num_stuck_in_queued_retries = -1 (taskpod.cfg): expected an integer >= 0",
        "scheduler | scheduler_heartbeat_sec          | 0     | [scheduler] scheduler_heartbeat_sec = 0 (taskpod.cfg): expected a number of seconds >= 0.1",
        "scheduler | scheduler_health_check_threshold | x     | [scheduler] scheduler_health_check_threshold = x (taskpod.cfg): expected a number of seconds >= 0.5",
        "scheduler | max_tis_per_query                | many  | [scheduler] max_tis_per_query = many (taskpod.cfg): expected an integer >= 0",
        "core      | parallelism                      | -3    | [core] parallelism = -3 (taskpod.cfg): expected an integer >= 0",
    })
    void aBadValueNamesTheKeyTheValueAndWhatIsExpected(String section, String key, String value, String message) {
        Config config = config(section, key, value);

        assertThatThrownBy(() -> SchedulerSettings.from(config, "s1"))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aBadEmbeddedPortIsReportedBeforeAnyServerStarts() {
        Config config = config("database", "embedded_port", "70000");

        assertThatThrownBy(() -> MetadataDatabase.open(config, "test")).isInstanceOf(ConfigException.class)
                .hasMessage("[database] embedded_port = 70000 (taskpod.cfg): expected an integer between 0 and 65535");
    }

    @Test
    void defaultsFollowAirflow() {
        SchedulerSettings settings = SchedulerSettings.from(config("core", "parallelism", "32"), "s1");

        assertThat(settings.taskQueuedTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(settings.numStuckInQueuedRetries()).isEqualTo(2);
        assertThat(settings.healthCheckThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.orphanedTasksCheckInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.taskInstanceHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.candidateLimit()).isEqualTo(512);
    }

    @ParameterizedTest(name = "parallelism={0} max_tis_per_query={1} free slots={2} -> {3}")
    @CsvSource({"32, 512, 32, 32", "32, 512, 0, 0", "32, 512, 64, 64", "32, 8, 32, 8", "0, 0, 2147483647, 512",
        "0, 16, 2147483647, 16", "10, 0, 20, 10"})
    void theQueueBudgetIsTheExecutorsFreeSlotsCappedPerLoop(int parallelism, int maxTisPerQuery, int freeSlots,
            int expected) {
        Config config = new Config(new MapConfigSource("t").set("core", "parallelism", Integer.toString(parallelism))
                .set("scheduler", "max_tis_per_query", Integer.toString(maxTisPerQuery)), ConfigLoader.schema(), Path.of("/h"));

        assertThat(SchedulerSettings.from(config, "s1").queueBudget(freeSlots)).isEqualTo(expected);
    }

    private static ExecutorFactory.Context context(Config config) {
        return new ExecutorFactory.Context(config, Optional.empty(), new DatabaseSettings("jdbc:postgresql://db/x", "u", "",
                1), "s1", null, null, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @Test
    void anUnknownExecutorNameIsAConfigurationErrorListingTheKnownOnes() {
        ExecutorFactory factory = new ExecutorFactory(Map.of("LocalExecutor", c -> { throw new AssertionError(); }));

        assertThatThrownBy(() -> factory.createConfigured(context(config("core", "executor", "LocalExecutor,Celery"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[core] executor = LocalExecutor,Celery: unknown executor 'Celery'; expected one of [LocalExecutor]");
    }

    @Test
    void anExecutorListedTwiceIsAConfigurationError() {
        ExecutorFactory factory = new ExecutorFactory(Map.of());

        assertThatThrownBy(() -> factory.createConfigured(context(config("core", "executor", "A, B, A"))))
                .isInstanceOf(ConfigException.class).hasMessage("[core] executor = A,B,A: executor A is listed twice");
    }

    @Test
    void executorsAreBuiltInTheConfiguredOrder() {
        List<String> built = new ArrayList<>();
        ExecutorFactory factory = new ExecutorFactory(Map.of(
                "A", c -> { built.add("A:" + c.schedulerId()); return (Executor) null; },
                "B", c -> { built.add("B:" + c.schedulerId()); return (Executor) null; }));

        factory.createConfigured(context(config("core", "executor", "B,A")));

        assertThat(built).containsExactly("B:s1", "A:s1");
    }
}
