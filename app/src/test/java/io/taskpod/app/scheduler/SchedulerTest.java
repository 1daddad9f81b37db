package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Database;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.RunKey;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler loop against real PostgreSQL, with a recording executor and the worker's database writes. */
class SchedulerTest {

    @RegisterExtension
    final SchedulerHarnessExtension harness = new SchedulerHarnessExtension();

    private static List<String> taskIds(List<ExecuteTask> workloads) {
        return workloads.stream().map(w -> w.key().taskId() + (w.key().isMapped() ? "[" + w.key().mapIndex() + "]" : ""))
                .toList();
    }

    @Test
    void fanOutThenFanInRunsEachTaskOnceInDependencyOrder() {
        SchedulerHarness h = harness.get().dag(dag("fan")
                .task(task("start"))
                .task(task("a").dependsOn("start")).task(task("b").dependsOn("start")).task(task("c").dependsOn("start"))
                .task(task("end").dependsOn("a", "b", "c"))
                .build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("fan");

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(taskIds(executor.launched)).containsExactly("start");

        h.finishLaunched(executor, w -> true);
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(taskIds(executor.launched)).containsExactly("start", "a", "b", "c");
        assertThat(h.ti(run, "end").state()).isEqualTo(TaskState.NONE);

        assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
        assertThat(taskIds(executor.launched)).containsExactly("start", "a", "b", "c", "end");
        assertThat(h.tis(run)).allMatch(ti -> ti.state() == TaskState.SUCCESS && ti.key().tryNumber() == 1);
        ExecuteTask first = executor.launched.getFirst();
        assertThat(first.command()).isEqualTo(WorkerCommand.forLaunch(first.key(), 1));
        assertThat(first.launchAttempt()).isEqualTo(1);
        assertThat(h.ti(run, "start").externalExecutorId()).contains("LocalExecutor/start-1");
        assertThat(h.counter("scheduler.tasks.queued")).isEqualTo(5);
        assertThat(h.counter("scheduler.dag_runs.finished")).isEqualTo(1);
    }

    /**
     * The loop reads only the task instances that changed; a transaction left open elsewhere hides changes made after
     * it began. Once the horizon has been held back for a while the loop reads running runs in full, so the run
     * still moves on.
     */
    @Test
    void aTransactionLeftOpenElsewhereDelaysTheRunButDoesNotStopIt() throws Exception {
        SchedulerHarness h = harness.get().dag(dag("chain").task(task("first")).task(task("second").dependsOn("first")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        SchedulerHarness.runUntilIdle(scheduler);
        try (Database other = Database.open(h.databaseSettings, "idle-in-transaction");
                Connection open = other.connection()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
            RunKey run = h.trigger("chain");

            SchedulerHarness.runUntilIdle(scheduler);
            h.finishLaunched(executor, w -> true);
            SchedulerHarness.runUntilIdle(scheduler);
            assertThat(taskIds(executor.launched)).as("the first task's success is not seen yet").containsExactly("first");

            assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
            assertThat(taskIds(executor.launched)).containsExactly("first", "second");
            open.rollback();
        }
    }

    @Test
    void aFailedTryIsRetriedAfterItsDelayAndTheRunSucceeds() {
        SchedulerHarness h = harness.get().dag(dag("flaky").task(task("t").retries(2, Duration.ofSeconds(60))).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("flaky");

        SchedulerHarness.runUntilIdle(scheduler);
        h.finishLaunched(executor, w -> false);
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.UP_FOR_RETRY);

        h.clock.advance(Duration.ofSeconds(59));
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(executor.launched).hasSize(1);

        h.clock.advance(Duration.ofSeconds(1));
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(executor.launchedKeys()).extracting(TaskInstanceKey::tryNumber).containsExactly(1, 2);

        assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
        assertThat(h.ti(run, "t").key().tryNumber()).isEqualTo(2);
        assertThat(h.transitions.forTaskInstance(h.ti(run, "t").id())).extracting(t -> t.to().dbValue())
                .containsExactly("none", "scheduled", "queued", "running", "up_for_retry", "scheduled", "queued",
                        "running", "success");
    }

    @Test
    void aTaskFailingForGoodMakesEverythingDownstreamUpstreamFailed() {
        SchedulerHarness h = harness.get().dag(dag("broken")
                .task(task("a"))
                .task(task("b").dependsOn("a"))
                .task(task("c").dependsOn("b"))
                .task(task("side"))
                .build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("broken");

        DagRunState outcome = h.runToCompletion(scheduler, executor, run, w -> !w.key().taskId().equals("a"));

        assertThat(outcome).isEqualTo(DagRunState.FAILED);
        assertThat(h.describe(run)).isEqualTo("a=failed#1 b=upstream_failed#0 c=upstream_failed#0 side=success#1");
        assertThat(taskIds(executor.launched)).containsExactlyInAnyOrder("a", "side");
    }

    @Test
    void aMappedTaskRunsOncePerItemAndItsDownstreamWaitsForAllOfThem() {
        SchedulerHarness h = harness.get().dag(dag("mapped")
                .task(task("each").expand("x", "y", "z"))
                .task(task("after").dependsOn("each"))
                .task(task("none").expand())
                .task(task("after_none").dependsOn("none"))
                .build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("mapped");

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(taskIds(executor.launched)).containsExactlyInAnyOrder("each[0]", "each[1]", "each[2]");
        assertThat(executor.launched).allMatch(w -> w.command().contains("--map-index"));

        h.worker.start(executor.launched.getFirst().key());
        h.worker.succeed(executor.launched.getFirst().key());
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.ti(run, "after").state()).isEqualTo(TaskState.NONE);

        assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
        assertThat(h.describe(run)).isEqualTo(
                "after=success#1 after_none=skipped#0 each[0]=success#1 each[1]=success#1 each[2]=success#1 none=skipped#0");
    }

    @Test
    void priorityWeightDecidesWhoGetsTheLastSlots() {
        SchedulerHarness h = harness.get().dag(dag("prio")
                .task(task("low").priority(1)).task(task("high").priority(10)).task(task("mid").priority(5)).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 2);
        Scheduler scheduler = h.scheduler("s1", executor);
        h.trigger("prio");

        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(taskIds(executor.launched)).containsExactly("high", "mid");
    }

    @Test
    void maxActiveTasksCapsWhatOneDagHasQueuedOrRunning() {
        SchedulerHarness h = harness.get().dag(dag("capped").maxActiveTasks(2)
                .task(task("a")).task(task("b")).task(task("c")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("capped");

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(executor.launched).hasSize(2);

        assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
        assertThat(executor.launched).hasSize(3);
    }

    @Test
    void eachTaskGoesToTheExecutorItNamesAndTheRestToTheFirst() {
        SchedulerHarness h = harness.get().dag(dag("routed")
                .task(task("local"))
                .task(task("pod").executor("KubernetesExecutor").executorConfig(Map.of("pod_override", Map.of("x", 1))))
                .task(task("unknown").executor("CeleryExecutor"))
                .build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 32);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", local, kubernetes);
        RunKey run = h.trigger("routed");

        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(taskIds(local.launched)).containsExactly("local");
        assertThat(taskIds(kubernetes.launched)).containsExactly("pod");
        assertThat(kubernetes.launched.getFirst().executorConfig()).containsKey("pod_override");
        assertThat(kubernetes.launched.getFirst().executor()).contains("KubernetesExecutor");
        assertThat(h.ti(run, "unknown").state()).isEqualTo(TaskState.SCHEDULED);
    }

    @Test
    void aCronScheduleWithCatchupCreatesEveryMissedIntervalOnce() {
        SchedulerHarness h = harness.get().dag(dag("daily").schedule("0 0 * * *", "2025-01-07T00:00:00Z")
                .task(task("t")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        h.clock.set(SchedulerHarness.T0.plus(Duration.ofHours(6)));

        SchedulerHarness.runUntilIdle(scheduler);
        SchedulerHarness.runUntilIdle(scheduler);

        List<DagRunRecord> runs = h.runs.listByDag("daily", 10);
        assertThat(runs).extracting(DagRunRecord::runId).containsExactly("scheduled__2025-01-09T00:00:00+00:00",
                "scheduled__2025-01-08T00:00:00+00:00", "scheduled__2025-01-07T00:00:00+00:00");
        assertThat(runs.getFirst().dataIntervalStart()).contains(SchedulerHarness.T0.minus(Duration.ofDays(1)));
        assertThat(runs.getFirst().dataIntervalEnd()).contains(SchedulerHarness.T0);
        assertThat(executor.launched).hasSize(3);

        h.clock.advance(Duration.ofDays(1));
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runs.listByDag("daily", 10)).hasSize(4);
        assertThat(h.counter("scheduler.dag_runs.scheduled")).isEqualTo(4);
    }

    @Test
    void withoutCatchupOnlyTheLatestIntervalRuns() {
        SchedulerHarness h = harness.get().dag(dag("daily").schedule("0 0 * * *", "2025-01-01T00:00:00Z").catchup(false)
                .task(task("t")).build());
        Scheduler scheduler = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));

        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(h.runs.listByDag("daily", 10)).extracting(DagRunRecord::runId)
                .containsExactly("scheduled__2025-01-09T00:00:00+00:00");
    }

    @Test
    void maxActiveRunsHoldsBackCatchupUntilEarlierRunsFinish() {
        SchedulerHarness h = harness.get().dag(dag("daily").schedule("0 0 * * *", "2025-01-07T00:00:00Z").maxActiveRuns(1)
                .task(task("t")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runs.listByDag("daily", 10)).hasSize(1);

        for (int round = 2; round <= 3; round++) {
            h.finishLaunched(executor, w -> true);
            SchedulerHarness.runUntilIdle(scheduler);
            List<DagRunRecord> runs = h.runs.listByDag("daily", 10);
            assertThat(runs).hasSize(round);
            assertThat(runs.getFirst().state()).isEqualTo(DagRunState.RUNNING);
            assertThat(runs.subList(1, round)).allMatch(r -> r.state() == DagRunState.SUCCESS);
        }
    }

    @Test
    void triggeredRunsBeyondMaxActiveRunsWaitQueued() {
        SchedulerHarness h = harness.get().dag(dag("one").maxActiveRuns(1).task(task("t")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey first = h.trigger("one");
        h.clock.advance(Duration.ofSeconds(1));
        RunKey second = new RunKey("one", "second");
        h.runs.create(DagRunPlanner.manual(h.dag("one"), java.util.Optional.of("second"), java.util.Optional.empty(), "t",
                h.clock.instant()), DagRunPlanner.taskInstances(h.dag("one")));

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runState(first)).isEqualTo(DagRunState.RUNNING);
        assertThat(h.runState(second)).isEqualTo(DagRunState.QUEUED);

        h.runToCompletion(scheduler, executor, first, w -> true);
        assertThat(h.runToCompletion(scheduler, executor, second, w -> true)).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void aFailureTheWorkerNeverRecordedIsKilledExternallyAndDuplicateEventsChangeNothing() throws Exception {
        SchedulerHarness h = harness.get().dag(dag("killed").task(task("t").retries(1, Duration.ofSeconds(30))).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("killed");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey key = executor.launched.getFirst().key();
        h.worker.start(key);

        executor.report(key, TaskState.FAILED, "pod OOMKilled (exit code 137)");
        SchedulerHarness.runUntilIdle(scheduler);
        executor.report(key, TaskState.FAILED, "pod OOMKilled (exit code 137)");
        executor.report(key, TaskState.SUCCESS, "late duplicate");
        SchedulerHarness.runUntilIdle(scheduler);

        TaskInstance ti = h.ti(run, "t");
        assertThat(ti.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(ti.failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("killed externally").contains("pod OOMKilled (exit code 137)"));
        assertThat(h.counter("scheduler.tasks.killed_externally")).isEqualTo(1);
        assertThat(h.transitions.forTaskInstance(ti.id()).stream().filter(t -> t.to() == TaskState.UP_FOR_RETRY))
                .hasSize(1);
        assertThat(Files.readString(h.logs.pathOf(key))).contains("{scheduler}").contains("killed externally")
                .contains("marked up_for_retry");

        h.clock.advance(Duration.ofSeconds(30));
        SchedulerHarness.runUntilIdle(scheduler);
        executor.report(key, TaskState.FAILED, "event for the old try");
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.QUEUED);
        assertThat(h.ti(run, "t").key().tryNumber()).isEqualTo(2);
    }

    @Test
    void aFinishedEventForATryTheWorkerRecordedIsANoOp() {
        SchedulerHarness h = harness.get().dag(dag("ok").task(task("t")).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("ok");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey key = executor.launched.getFirst().key();
        h.worker.start(key);
        h.worker.fail(key, h.dag("ok").task("t").orElseThrow());

        executor.report(key, TaskState.FAILED, "exit code 1");
        executor.report(key, TaskState.FAILED, "exit code 1");
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(h.ti(run, "t").failureReason()).contains("exit code 1");
        assertThat(h.counter("scheduler.tasks.killed_externally")).isZero();
        assertThat(h.runState(run)).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void aTaskStuckInQueuedIsRevokedAndRequeuedThenFailed() {
        SchedulerHarness h = harness.get().dag(dag("stuck").task(task("t").retries(3, Duration.ofSeconds(1))).build());
        RecordingExecutor executor = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("stuck");
        SchedulerHarness.runUntilIdle(scheduler);

        for (int requeue = 1; requeue <= 2; requeue++) {
            h.clock.advance(Duration.ofSeconds(601));
            SchedulerHarness.runUntilIdle(scheduler);
            assertThat(executor.revoked).hasSize(requeue);
            assertThat(executor.launched).hasSize(requeue + 1);
        }
        assertThat(executor.launched).extracting(ExecuteTask::launchAttempt).containsExactly(1, 2, 3);
        assertThat(executor.launchedKeys()).extracting(TaskInstanceKey::tryNumber).containsOnly(1);

        h.clock.advance(Duration.ofSeconds(601));
        SchedulerHarness.runUntilIdle(scheduler);

        TaskInstance ti = h.ti(run, "t");
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).hasValueSatisfying(r -> assertThat(r).contains("task_queued_timeout")
                .contains("already requeued 2 times"));
        assertThat(h.runState(run)).isEqualTo(DagRunState.FAILED);
        assertThat(h.counter("scheduler.tasks.stuck_in_queued")).isEqualTo(3);
    }

    /**
     * The worker of a try's launch claims the try just as stuck-in-queued handles it: either the worker wins and its
     * launch is left alone, or the requeue wins and that launch's worker is refused. A launch that ends up running
     * the try is never revoked.
     */
    @Test
    void aLaunchWhoseWorkerClaimedTheTryIsNeverRevokedAsStuckInQueued() {
        SchedulerHarness h = harness.get().dag(dag("claimed").task(task("t")).build());
        RecordingExecutor executor = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("claimed");
        SchedulerHarness.runUntilIdle(scheduler);
        List<TaskInstanceKey> claimedInRevokedLaunch = new ArrayList<>();
        executor.whenRevoked(key -> {
            if (h.worker.start(key, 1)) {
                claimedInRevokedLaunch.add(key);
            }
        });

        h.clock.advance(Duration.ofSeconds(601));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(claimedInRevokedLaunch).as("tries running in a launch the scheduler revoked").isEmpty();
        assertThat(executor.launched).extracting(ExecuteTask::launchAttempt).containsExactly(1, 2);
        assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void aRunningTaskWhoseWorkerStoppedHeartbeatingIsAZombieAndRetried() {
        SchedulerHarness h = harness.get().dag(dag("zombie").task(task("t").retries(1, Duration.ofSeconds(5))).build());
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("zombie");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey key = executor.launched.getFirst().key();
        h.worker.start(key);

        h.clock.advance(Duration.ofSeconds(200));
        h.worker.heartbeat(key);
        h.clock.advance(Duration.ofSeconds(200));
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.ti(run, "t").state()).isEqualTo(TaskState.RUNNING);

        h.clock.advance(Duration.ofSeconds(101));
        SchedulerHarness.runUntilIdle(scheduler);

        TaskInstance ti = h.ti(run, "t");
        assertThat(ti.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(ti.failureReason()).hasValueSatisfying(r -> assertThat(r).contains("zombie").contains("test-host"));
        assertThat(executor.revoked).containsExactly(key);
        assertThat(h.counter("scheduler.tasks.zombies")).isEqualTo(1);
    }
}
