package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.kubernetes.PostgresResourceVersionStore;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.PostgresTaskStateLookup;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler loop treats the KubernetesExecutor's launch backlog as work: with far more queued task instances
 * than {@code worker_pods_creation_batch_size} and an idle sleep of a minute, every pod is still created within
 * seconds. A loop that idled even once while creates waited would take a minute per batch.
 */
class SchedulerLaunchBacklogTest {

    private static final int TASKS = 320;
    private static final int BATCH = 32;
    private static final Duration IDLE_SLEEP = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final TestKubernetesApiServer server = TestKubernetesApiServer.startNew();
    private final KubernetesClient client = server.newClient();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Config config() {
        return new Config(new MapConfigSource("test")
                .set("core", "parallelism", "0")
                .set("scheduler", "scheduler_idle_sleep_time", Long.toString(IDLE_SLEEP.toSeconds()))
                .set("kubernetes_executor", "worker_container_repository", "taskpod")
                .set("kubernetes_executor", "worker_container_tag", "test")
                .set("kubernetes_executor", "worker_pods_creation_batch_size", Integer.toString(BATCH))
                .set("kubernetes_executor", "api_qps", "10000")
                .set("kubernetes_executor", "api_burst", "10000"),
                ConfigLoader.schema(), Path.of("/home/taskpod"));
    }

    @Test
    void aQueueOfTenBatchesDrainsWithoutWaitingForTheIdleSleep() throws Exception {
        Config config = config();
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"))) {
            TestDags.DagBuilder wide = dag("wide").maxActiveTasks(TASKS);
            for (int i = 0; i < TASKS; i++) {
                wide.task(task("t" + i));
            }
            h.dag(wide.build());
            h.trigger("wide");
            SchedulerSettings settings = SchedulerSettings.from(config, "s1");
            KubernetesExecutor executor = KubernetesExecutor.builder()
                    .settings(KubernetesExecutorSettings.from(config)).schedulerId("s1").parallelism(0).client(client)
                    .resourceVersions(new PostgresResourceVersionStore(h.jdbc, Clock.systemUTC()))
                    .taskStates(new PostgresTaskStateLookup(new TaskInstanceRepository(h.jdbc),
                            new SchedulerRepository(h.jdbc), settings.healthCheckThreshold(), Clock.systemUTC()))
                    .logFiles(new TaskLogFiles(home.resolve("logs"), Clock.systemUTC()))
                    .build();
            Scheduler scheduler = h.scheduler(settings, RunScope.ALL_EXCEPT_TEST, ExecutorRouter.of(List.of(executor)));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = new Thread(() -> {
                try {
                    scheduler.run();
                } catch (RuntimeException | Error e) {
                    failure.set(e);
                }
            }, "scheduler-under-test");
            long started = System.nanoTime();
            loop.start();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> server.requestCounts().count(Verb.CREATE, "pods") == TASKS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            scheduler.stop();
            assertThat(scheduler.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(failure.get()).isNull();
            assertThat(took).as("%d pods in batches of %d", TASKS, BATCH).isLessThan(IDLE_SLEEP.dividedBy(2));
            assertThat(client.pods().inNamespace("default").list().getItems()).hasSize(TASKS);
        }
    }
}
