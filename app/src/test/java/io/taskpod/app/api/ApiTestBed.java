package io.taskpod.app.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.logs.TaskLogReader;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.scheduler.ExecutorRouter;
import io.taskpod.app.scheduler.MutableClock;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.scheduler.SchedulerRepositories;
import io.taskpod.app.scheduler.SchedulerSettings;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.logs.PodReference;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL database, a DAGs folder with one good and one broken file, a scheduler (with an executor that
 * only holds what it is given) on a clock the test moves, and the HTTP server on a free port of the loopback
 * interface, asked over HTTP ({@link ApiClient}).
 */
final class ApiTestBed implements AutoCloseable {

    static final String SCHEDULER_ID = "api-test-scheduler";
    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final Duration HEALTH_THRESHOLD = Duration.ofSeconds(30);
    static final String EXECUTOR = "HoldingExecutor";

    static final String HELLO_DAG = """
            dag_id: hello
            description: Two steps, one after the other.
            tags: [demo]
            tasks:
              - task_id: first
                bash: echo one
              - task_id: second
                depends_on: first
                bash: echo two
            """;

    final MutableClock clock = new MutableClock(T0);
    final HoldingExecutor executor = new HoldingExecutor();
    final PrometheusMeterRegistry registry = PrometheusRegistry.create();
    final DatabaseSettings databaseSettings;
    final Database database;
    final Jdbc jdbc;
    final Config config;
    final TaskLogFiles logFiles;
    final Scheduler scheduler;
    final ApiServer server;
    final ApiClient client;
    /** How the server reads a running pod's log; {@link #podLogTail} unless a test replaces it. */
    volatile TaskLogReader.PodLogTail pods = ApiTestBed::podLogTail;
    private final SchedulerIdLock lock;

    ApiTestBed(Path home) throws IOException {
        this(home, Map.of());
    }

    /** @param api further {@code [api]} keys, e.g. {@code authenticate = True} */
    ApiTestBed(Path home, Map<String, String> api) throws IOException {
        TestDatabase test = TestPostgres.newDatabase();
        databaseSettings = new DatabaseSettings(test.url(), test.user(), test.password(), 4);
        database = Database.open(databaseSettings, "api-test");
        database.migrate();
        jdbc = new Jdbc(database);
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("hello.yaml"), HELLO_DAG);
        Files.writeString(dags.resolve("broken.yaml"), "dag_id: broken\ntasks: [\n");
        config = config(home, dags, api);
        logFiles = new TaskLogFiles(home.resolve("logs"), clock);
        lock = new SchedulerIdLock(databaseSettings, SCHEDULER_ID);
        scheduler = new Scheduler(SchedulerSettings.from(config, SCHEDULER_ID), SchedulerRepositories.of(jdbc), lock,
                new DagFolderSource(config), ExecutorRouter.of(List.of(executor)), logFiles, RunScope.ALL_EXCEPT_TEST, clock, registry);
        server = ApiAssembly.start(config, databaseSettings, Optional.of(SCHEDULER_ID), registry, clock,
                (missingFile, pod) -> pods.read(missingFile, pod));
        client = new ApiClient(server);
    }

    static Config config(Path home, Path dags) {
        return config(home, dags, Map.of());
    }

    static Config config(Path home, Path dags, Map<String, String> api) {
        MapConfigSource source = new MapConfigSource("api-test")
                .set("core", "dags_folder", dags.toString())
                .set("core", "load_examples", "false")
                .set("logging", "base_log_folder", home.resolve("logs").toString())
                .set("scheduler", "scheduler_health_check_threshold", Long.toString(HEALTH_THRESHOLD.toSeconds()))
                .set("api", "port", "0");
        api.forEach((key, value) -> source.set("api", key, value));
        return new Config(source, ConfigLoader.schema(), home);
    }

    /** Stands in for the Kubernetes API: the "tail" names the pod and the log file it stands in for. */
    static String podLogTail(Path missingFile, PodReference pod) {
        return "tail of pod " + pod + " while " + missingFile + " does not exist\n";
    }

    /** The pod {@link HoldingExecutor} says a try runs in, as the KubernetesExecutor's external executor id. */
    static String podOf(ExecuteTask workload) {
        return "taskpod/" + workload.key().dagId() + "-" + workload.key().taskId() + "-" + workload.key().tryNumber();
    }

    @Override
    public void close() {
        client.close();
        server.close();
        lock.close();
        database.close();
    }

    /**
     * Takes whatever the scheduler queues and holds it as running, reporting a pod ({@link #podOf}) as its external
     * executor id: enough for states, gauges and the API's pod log fallback.
     */
    static final class HoldingExecutor extends BaseExecutor {

        /** While true, every sync fails, as an executor whose inbox a bug has wedged would. */
        volatile boolean syncFails;

        HoldingExecutor() {
            super(EXECUTOR, 4);
        }

        @Override
        protected void executeAsync(ExecuteTask workload) {
            recordEvent(workload.key(), TaskState.QUEUED, podOf(workload));
        }

        @Override
        public void sync() {
            if (syncFails) {
                throw new IllegalStateException("this sync always fails");
            }
        }

        @Override
        public void start() {
            // nothing to start
        }

        @Override
        public void end() {
            // nothing to stop
        }

        @Override
        public void terminate() {
            // nothing to stop
        }
    }
}
