package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.StoreException;
import io.taskpod.store.embedded.EmbeddedPostgresServer;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.scheduler.SchedulerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's run loop as a process runs it: stopping on request, riding out a database restart. */
class SchedulerLifecycleTest {

    @TempDir
    Path home;

    private static Thread runInBackground(Scheduler scheduler, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                scheduler.run();
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, "scheduler-under-test");
        thread.start();
        return thread;
    }

    @Test
    void stoppingEndsTheExecutorsAndMarksTheSchedulerStopped() throws Exception {
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"))) {
            RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 4);
            Scheduler scheduler = h.scheduler("s1", executor);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            runInBackground(scheduler, failure);
            await().atMost(Duration.ofSeconds(20)).until(() -> executor.started);

            scheduler.stop();

            assertThat(scheduler.awaitTermination(Duration.ofSeconds(20))).isTrue();
            assertThat(failure.get()).isNull();
            assertThat(executor.ended).isTrue();
            assertThat(new SchedulerRepository(h.jdbc).find("s1").orElseThrow().state()).isEqualTo(SchedulerState.STOPPED);
        }
    }

    @Test
    void anIdleLoopAppliesAnExecutorOutcomeAtOnceInsteadOfAfterItsPause() throws Exception {
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"))) {
            h.dag(dag("prompt").task(task("t")).build());
            RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 4);
            Scheduler scheduler = h.scheduler(SchedulerHarness.settings("s1").withIdleSleep(Duration.ofHours(1)),
                    RunScope.ALL_EXCEPT_TEST, ExecutorRouter.of(List.of(executor)));
            RunKey run = h.trigger("prompt");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = runInBackground(scheduler, failure);
            await().atMost(Duration.ofSeconds(20)).until(() -> !executor.launched.isEmpty()
                    && h.registry.timer("scheduler.loop.duration").count() >= 2
                    && loop.getState() == Thread.State.TIMED_WAITING);

            h.finishLaunched(executor, workload -> true);

            await().atMost(Duration.ofSeconds(20)).until(() -> h.runState(run) == DagRunState.SUCCESS);
            scheduler.stop();
            assertThat(scheduler.awaitTermination(Duration.ofSeconds(20))).isTrue();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void aDatabaseRestartDoesNotStopTheLoopAndNoExecutorEventIsLost() throws Exception {
        Path data = home.resolve("db");
        Path serverLog = home.resolve("postgres.log");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(data, 0, "taskpod", serverLog);
        DatabaseSettings settings = new DatabaseSettings(server.jdbcUrl(), "taskpod", "", 4);
        try (SchedulerHarness h = new SchedulerHarness(home.resolve("logs"), settings)) {
            h.dag(dag("survivor").task(task("t").retries(1, Duration.ofSeconds(1))).build());
            RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 4);
            Scheduler scheduler = h.scheduler("s1", executor);
            RunKey run = h.trigger("survivor");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = runInBackground(scheduler, failure);
            await().atMost(Duration.ofSeconds(20)).until(() -> !executor.launched.isEmpty());
            TaskInstanceKey key = executor.launched.getFirst().key();
            h.worker.start(key);

            server.close();
            executor.report(key, TaskState.FAILED, "killed while the database was down");
            await().atMost(Duration.ofSeconds(20)).until(() -> h.counter("scheduler.database.outages") == 1);
            assertThat(loop.isAlive()).isTrue();
            assertThat(executor.stored).as("no event is handed over as stored while the database is down")
                    .noneMatch(event -> event.key().equals(key) && event.state() == TaskState.FAILED);

            server = EmbeddedPostgresServer.startOrAttach(data, 0, "taskpod", serverLog);
            // the test's own pooled connection may still be one the restart broke
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(StoreException.class)
                    .until(() -> h.ti(run, "t").state() == TaskState.UP_FOR_RETRY);
            assertThat(h.counter("scheduler.tasks.killed_externally")).isEqualTo(1);
            assertThat(h.counter("scheduler.database.outages")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> executor.stored.stream()
                    .anyMatch(event -> event.key().equals(key) && event.state() == TaskState.FAILED));

            scheduler.stop();
            assertThat(scheduler.awaitTermination(Duration.ofSeconds(20))).isTrue();
            assertThat(failure.get()).isNull();
            assertThat(h.runState(run)).isEqualTo(DagRunState.RUNNING);
        } finally {
            server.close();
        }
    }
}
