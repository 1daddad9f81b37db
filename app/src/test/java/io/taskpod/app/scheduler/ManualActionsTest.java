package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.operate.ClearOptions;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.operate.AuditEntry;
import io.taskpod.store.operate.AuditLog;
import io.taskpod.store.operate.TaskChange;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clear, mark, cancel, pause and backfill, carried out by the scheduler loop against real PostgreSQL. */
class ManualActionsTest {

    private static final Actor ALICE = new Actor("alice");

    @RegisterExtension
    final SchedulerHarnessExtension harness = new SchedulerHarnessExtension();

    private SchedulerHarness chain() {
        return harness.get().dag(dag("chain")
                .task(task("extract")).task(task("load").dependsOn("extract")).task(task("report").dependsOn("load"))
                .build());
    }

    private RunOperations operations() {
        return new RunOperations(harness.get().jdbc, harness.get().clock);
    }

    private static ClearOptions clearOf(String regex, boolean downstream, boolean onlyFailed) {
        return new ClearOptions(Optional.of(Pattern.compile(regex)), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), onlyFailed, false, false, downstream);
    }

    @Test
    void aClearedFailedTaskRunsAgainWithANewTryAndItsDownstreamFollows() {
        SchedulerHarness h = chain();
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("chain");
        assertThat(h.runToCompletion(scheduler, executor, run, w -> !w.key().taskId().equals("load")))
                .isEqualTo(DagRunState.FAILED);
        assertThat(h.ti(run, "report").state()).isEqualTo(TaskState.UPSTREAM_FAILED);

        List<TaskChange> preview = operations().previewClear(h.dag("chain"), clearOf("^load$", true, false));
        assertThat(preview).extracting(c -> c.id().taskId() + ":" + c.from().dbValue() + "->" + c.to().dbValue())
                .containsExactly("load:failed->none", "report:upstream_failed->none");
        assertThat(h.ti(run, "load").state()).isEqualTo(TaskState.FAILED);

        operations().clear(h.dag("chain"), clearOf("^load$", true, false), ALICE);
        assertThat(h.runState(run)).isEqualTo(DagRunState.QUEUED);

        assertThat(h.runToCompletion(scheduler, executor, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
        assertThat(h.ti(run, "extract").key().tryNumber()).isEqualTo(1);
        assertThat(h.ti(run, "load").key().tryNumber()).isEqualTo(2);
        assertThat(h.ti(run, "report").key().tryNumber()).isEqualTo(1);
        assertThat(h.transitions.forTaskInstance(h.ti(run, "load").id()))
                .anySatisfy(t -> assertThat(t.changedBy()).contains("alice"));
    }

    @Test
    void clearingARunningTryMakesItsSchedulerRevokeItBeforeTheNextTryIsLaunched() {
        SchedulerHarness h = chain();
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("chain");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey first = executor.launched.getFirst().key();
        h.worker.start(first);

        operations().clear(h.dag("chain"), clearOf("^extract$", false, false), ALICE);
        assertThat(h.ti(run, "extract").state()).isEqualTo(TaskState.RESTARTING);
        h.worker.succeed(first);
        assertThat(h.ti(run, "extract").state()).isEqualTo(TaskState.RESTARTING);

        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(executor.revoked).containsExactly(first);
        assertThat(executor.launched).extracting(ExecuteTask::key)
                .containsExactly(first, first.withTryNumber(2));
        assertThat(h.logs.pathOf(first)).content().contains("cleared by alice");
    }

    @Test
    void aCancelledRunStopsItsRunningTriesAndStartsNothingMore() {
        SchedulerHarness h = chain();
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("chain");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey extract = executor.launched.getFirst().key();
        h.worker.start(extract);

        operations().endRun(run, DagRunState.FAILED, true, ALICE).orElseThrow();
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(executor.revoked).containsExactly(extract);
        assertThat(executor.launched).hasSize(1);
        assertThat(h.runState(run)).isEqualTo(DagRunState.FAILED);
        assertThat(h.ti(run, "extract").failureReason()).contains("cancelled by alice");
        assertThat(h.tis(run)).extracting(ti -> ti.state()).containsExactly(TaskState.FAILED, TaskState.SKIPPED,
                TaskState.SKIPPED);
    }

    @Test
    void cancellingAFinishedRunOrCancellingTwiceChangesNothing() {
        SchedulerHarness h = chain();
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey succeeded = h.trigger("chain");
        assertThat(h.runToCompletion(scheduler, executor, succeeded, w -> true)).isEqualTo(DagRunState.SUCCESS);
        DagRunRecord before = h.runs.find(succeeded).orElseThrow();
        h.clock.advance(java.time.Duration.ofMinutes(5));

        operations().endRun(succeeded, DagRunState.FAILED, true, ALICE).orElseThrow();
        operations().endRun(succeeded, DagRunState.SUCCESS, false, ALICE).orElseThrow();

        assertThat(h.runs.find(succeeded).orElseThrow()).isEqualTo(before);
        assertThat(h.tis(succeeded)).extracting(ti -> ti.state()).containsOnly(TaskState.SUCCESS);

        NewDagRun second = DagRunPlanner.manual(h.dag("chain"), Optional.of("second"), Optional.empty(), "test",
                h.clock.instant());
        h.runs.create(second, DagRunPlanner.taskInstances(h.dag("chain")));
        RunKey running = second.key();
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runState(running)).isEqualTo(DagRunState.RUNNING);
        operations().endRun(running, DagRunState.FAILED, true, ALICE).orElseThrow();
        DagRunRecord cancelled = h.runs.find(running).orElseThrow();
        h.clock.advance(java.time.Duration.ofMinutes(5));
        operations().endRun(running, DagRunState.FAILED, true, new Actor("bob"));
        assertThat(h.runs.find(running).orElseThrow()).as("still cancelled by alice, at the same time")
                .isEqualTo(cancelled);
        assertThat(new AuditLog(h.jdbc).list(Optional.of("chain"), 100)).extracting(AuditEntry::event)
                .containsExactly("cancel");
    }

    @Test
    void markingSuccessLetsTheDownstreamRun() {
        SchedulerHarness h = chain();
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", executor);
        RunKey run = h.trigger("chain");
        SchedulerHarness.runUntilIdle(scheduler);

        operations().mark(h.dag("chain"), run, java.util.Set.of("extract", "load"), java.util.Map.of(),
                TaskState.SUCCESS, false, ALICE);
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(executor.launched).extracting(w -> w.key().taskId()).containsExactly("extract", "report");
        assertThat(executor.revoked).extracting(TaskInstanceKey::taskId).containsExactly("extract");
    }

    @Test
    void aPausedDagGetsNoScheduledRunUntilUnpausedAndABackfillCreatesExactlyItsRange() {
        SchedulerHarness h = harness.get().dag(dag("daily").schedule("0 0 * * *", "2025-01-01T00:00:00Z")
                .catchup(false).task(task("t")).build());
        Scheduler scheduler = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));
        SchedulerHarness.runUntilIdle(scheduler);
        int before = h.runs.listByDag("daily", 100).size();
        assertThat(operations().setPaused("daily", true, ALICE)).isTrue();
        h.clock.advance(java.time.Duration.ofDays(2));
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runs.listByDag("daily", 100)).hasSize(before);

        RunOperations.Backfill backfill = operations().backfill(h.dag("daily"), Instant.parse("2025-01-02T00:00:00Z"),
                Instant.parse("2025-01-04T00:00:00Z"), ALICE);
        assertThat(backfill.created()).extracting(r -> r.key().runId()).containsExactly(
                "backfill__2025-01-02T00:00:00+00:00", "backfill__2025-01-03T00:00:00+00:00",
                "backfill__2025-01-04T00:00:00+00:00");
        assertThat(operations().backfill(h.dag("daily"), Instant.parse("2025-01-02T00:00:00Z"),
                Instant.parse("2025-01-04T00:00:00Z"), ALICE).created()).isEmpty();
        assertThat(h.runs.listByDag("daily", 100)).filteredOn(r -> r.runType() == RunType.BACKFILL).hasSize(3);

        assertThat(operations().setPaused("daily", false, ALICE)).isTrue();
        SchedulerHarness.runUntilIdle(scheduler);
        assertThat(h.runs.listByDag("daily", 100)).filteredOn(r -> r.runType() == RunType.SCHEDULED)
                .hasSizeGreaterThan(before);
        Optional<DagRunRecord> latest = operations().findRun("daily", RunOperations.LATEST);
        assertThat(latest.orElseThrow().logicalDate()).isEqualTo(h.runs.listByDag("daily", 1).getFirst().logicalDate());
    }
}
