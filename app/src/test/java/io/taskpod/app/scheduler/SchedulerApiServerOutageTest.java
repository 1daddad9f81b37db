package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.kubernetes.PostgresResourceVersionStore;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.PostgresTaskStateLookup;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler loop with a real KubernetesExecutor whose API server cannot be reached, on a clock the test moves:
 * an outage is not the try's fault, so stuck-in-queued leaves the try alone while the executor retries its create,
 * and counts its wait again from when the pod could be created; {@code task_publish_outage_timeout} fails it if the
 * outage does not end.
 */
class SchedulerApiServerOutageTest {

    private static final Duration TASK_QUEUED_TIMEOUT = Duration.ofSeconds(600);

    @TempDir
    Path home;

    @Test
    void aTryWaitingForAnUnreachableApiServerIsNotStuckInQueuedAndLaunchesOnceWhenItIsBack() {
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"));
                TestKubernetesApiServer server = TestKubernetesApiServer.startNew();
                KubernetesClient client = server.newClient()) {
            h.dag(dag("outage").task(task("t")).build());
            Scheduler scheduler = scheduler(h, client, Map.of());
            server.stop();
            RunKey run = h.trigger("outage");

            retryCreatesFor(h, scheduler, TASK_QUEUED_TIMEOUT.multipliedBy(2), Duration.ofMinutes(1));
            assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.QUEUED);
            assertThat(h.counter("scheduler.tasks.stuck_in_queued")).isZero();

            server.start();
            awaitPods(h, scheduler, client, 1);
            h.clock.advance(TASK_QUEUED_TIMEOUT.minusSeconds(30));
            SchedulerHarness.runUntilIdle(scheduler);

            assertThat(h.counter("scheduler.tasks.stuck_in_queued")).as("the wait counts from the create").isZero();
            assertThat(h.ti(run, "t").launchAttempt()).isEqualTo(1);
            assertThat(client.pods().inAnyNamespace().list().getItems()).singleElement();
        }
    }

    @Test
    void aTryWhoseApiServerStaysUnreachableFailsAfterTaskPublishOutageTimeout() {
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"));
                TestKubernetesApiServer server = TestKubernetesApiServer.startNew();
                KubernetesClient client = server.newClient()) {
            h.dag(dag("forever").task(task("t")).build());
            Scheduler scheduler = scheduler(h, client, Map.of("task_publish_outage_timeout", "3600"));
            server.stop();
            RunKey run = h.trigger("forever");

            retryCreatesFor(h, scheduler, Duration.ofMinutes(61), Duration.ofMinutes(1));

            assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.FAILED);
            assertThat(h.ti(run, "t").failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("task_publish_outage_timeout = 3600"));
            assertThat(h.counter("scheduler.tasks.stuck_in_queued")).isZero();
        }
    }

    /**
     * Runs the loop while the clock moves by {@code step} at a time (longer than a create retry's delay), each step
     * until the executor has had the answer of one more create attempt.
     */
    private static void retryCreatesFor(SchedulerHarness h, Scheduler scheduler, Duration total, Duration step) {
        for (Duration passed = Duration.ZERO; passed.compareTo(total) < 0; passed = passed.plus(step)) {
            double attempts = createAttempts(h);
            h.clock.advance(step);
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        SchedulerHarness.runUntilIdle(scheduler);
                        return createAttempts(h) > attempts;
                    });
        }
        SchedulerHarness.runUntilIdle(scheduler);
    }

    private static double createAttempts(SchedulerHarness h) {
        return h.registry.find("kubernetes_executor.pod_creates").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void awaitPods(SchedulerHarness h, Scheduler scheduler, KubernetesClient client, int pods) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            h.clock.advance(Duration.ofSeconds(1));
            SchedulerHarness.runUntilIdle(scheduler);
            List<Pod> live = client.pods().inAnyNamespace().list().getItems();
            return live.size() == pods;
        });
    }

    private static Scheduler scheduler(SchedulerHarness h, KubernetesClient client, Map<String, String> keys) {
        MapConfigSource source = new MapConfigSource("test")
                .set("kubernetes_executor", "worker_container_repository", "taskpod/worker")
                .set("kubernetes_executor", "worker_container_tag", "test");
        keys.forEach((key, value) -> source.set("kubernetes_executor", key, value));
        Config config = new Config(source, ConfigLoader.schema(), Path.of("."));
        KubernetesExecutor executor = KubernetesExecutor.builder()
                .settings(KubernetesExecutorSettings.from(config))
                .schedulerId("s1")
                .parallelism(4)
                .client(client)
                .resourceVersions(new PostgresResourceVersionStore(h.jdbc, h.clock))
                .taskStates(new PostgresTaskStateLookup(new TaskInstanceRepository(h.jdbc),
                        new SchedulerRepository(h.jdbc), Duration.ofSeconds(30), h.clock))
                .logFiles(h.logs)
                .clock(h.clock)
                .meterRegistry(h.registry)
                .build();
        return h.scheduler(SchedulerHarness.settings("s1"), RunScope.ALL_EXCEPT_TEST,
                ExecutorRouter.of(List.of(executor)));
    }
}
