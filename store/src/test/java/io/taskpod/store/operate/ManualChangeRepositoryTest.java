package io.taskpod.store.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TransitionRepository;
import io.taskpod.store.worker.WorkerTaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualChangeRepositoryTest {

    private static final Actor ALICE = new Actor("alice");
    private static final Instant NOW = StoreFixture.T0.plusSeconds(600);

    private final StoreFixture db = StoreFixture.create();
    private final ManualChangeRepository changes = new ManualChangeRepository(db.jdbc);
    private final StopRequestRepository stops = new StopRequestRepository(db.jdbc);
    private final TaskInstanceRepository taskInstances = new TaskInstanceRepository(db.jdbc);
    private final DagRunRepository runs = new DagRunRepository(db.jdbc);
    private final RunKey run = failedRun();

    @AfterEach
    void close() {
        db.close();
    }

    private RunKey failedRun() {
        RunKey key = db.runningRun("etl", "r1", "extract", "load", "report");
        db.update("UPDATE dag_run SET state = 'failed' WHERE run_id = 'r1'");
        return key;
    }

    private void set(String taskId, TaskState state, int tryNumber, String queuedBy) {
        db.update("UPDATE task_instance SET state = ?, try_number = ?, queued_by = ? WHERE task_id = ?",
                state.dbValue(), tryNumber, queuedBy, taskId);
    }

    private TaskInstanceId id(String taskId) {
        return new TaskInstanceId("etl", taskId, "r1", -1);
    }

    private TaskInstance row(String taskId) {
        return taskInstances.find(id(taskId)).orElseThrow();
    }

    @Test
    void clearingGivesFinishedTaskInstancesANewTryWithTheirRetriesAgainAndQueuesTheirRun() {
        set("extract", TaskState.FAILED, 3, "s1");
        set("load", TaskState.UPSTREAM_FAILED, 0, null);

        List<TaskChange> cleared = changes.clear(Map.of(id("extract"), 2, id("load"), 2), ALICE, "cleared by alice",
                NOW, "task_regex=.*");

        assertThat(cleared).extracting(TaskChange::to).containsOnly(TaskState.NONE);
        TaskInstance extract = row("extract");
        assertThat(extract.state()).isEqualTo(TaskState.NONE);
        assertThat(extract.key().tryNumber()).isEqualTo(3);
        assertThat(extract.maxTries()).isEqualTo(5);
        assertThat(extract.queuedBy()).isEmpty();
        assertThat(runs.find(run).orElseThrow().state()).isEqualTo(DagRunState.QUEUED);
        assertThat(new TransitionRepository(db.jdbc).forTaskInstance(id("extract")).getLast())
                .satisfies(t -> {
                    assertThat(t.changedBy()).contains("alice");
                    assertThat(t.reason()).contains("cleared by alice");
                });
        assertThat(db.count("SELECT count(*) FROM task_instance_stop")).isZero();
        assertThat(new AuditLog(db.jdbc).list(Optional.of("etl"), 10)).singleElement()
                .satisfies(entry -> assertThat(entry.event()).isEqualTo("clear"));
    }

    @Test
    void clearingARunningTryStopsItFirstAndItsWorkerCanNoLongerRecordSuccess() {
        TryOwner owner = new TryOwner("host", 42, StoreFixture.T0);
        db.update("UPDATE task_instance SET state = 'running', try_number = 1, queued_by = 's1', hostname = 'host', "
                + "pid = 42, started_at = ? WHERE task_id = 'extract'", StoreFixture.T0);

        List<TaskChange> cleared = changes.clear(Map.of(id("extract"), 0), ALICE, "cleared by alice", NOW, "");

        assertThat(cleared).singleElement().satisfies(change -> {
            assertThat(change.to()).isEqualTo(TaskState.RESTARTING);
            assertThat(change.stopRequested()).isTrue();
        });
        WorkerTaskStore worker = WorkerTaskStore.of(db.database, Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(worker.finish(id("extract").withTry(1), owner,
                new FinalState(TaskState.SUCCESS, Optional.empty(), Optional.empty(), "exit 0"), NOW))
                .isInstanceOf(OwnershipCheck.NotOwned.class);
        assertThat(row("extract").state()).isEqualTo(TaskState.RESTARTING);

        List<StopRequest> pending = stops.pending("s1", Optional.empty(), NOW);
        assertThat(pending).singleElement().satisfies(request -> {
            assertThat(request.key()).isEqualTo(id("extract").withTry(1));
            assertThat(request.restarting()).isTrue();
            assertThat(request.requestedBy()).isEqualTo("alice");
        });
        assertThat(stops.pending("s2", Optional.empty(), NOW)).isEmpty();

        assertThat(stops.done(pending.getFirst(), "s1", NOW)).isTrue();
        assertThat(row("extract").state()).isEqualTo(TaskState.NONE);
        assertThat(row("extract").key().tryNumber()).isEqualTo(1);
        assertThat(stops.pending("s1", Optional.empty(), NOW)).isEmpty();
    }

    @Test
    void stopsOfADeadSchedulerAreHandedToAnyLiveOneOnceOldEnough() {
        new SchedulerRepository(db.jdbc).register("dead", "host", 1, List.of("LocalExecutor"), StoreFixture.T0);
        set("extract", TaskState.QUEUED, 1, "dead");
        changes.clear(Map.of(id("extract"), 0), ALICE, "cleared", NOW, "");
        Instant liveSince = NOW.plusSeconds(60);

        assertThat(stops.pending("live", Optional.of(NOW), liveSince)).isEmpty();
        assertThat(stops.pending("live", Optional.of(NOW.plusSeconds(1)), liveSince)).hasSize(1);
        assertThat(stops.pending("live", Optional.of(NOW.plusSeconds(1)), StoreFixture.T0)).isEmpty();
    }

    @Test
    void markingStopsExecutingTriesAndReopensTheFinishedRun() {
        set("extract", TaskState.RUNNING, 2, "s1");
        set("load", TaskState.SUCCESS, 1, "s1");

        List<TaskChange> marked = changes.mark(List.of(id("extract"), id("load")), TaskState.SUCCESS, ALICE,
                "marked success by alice", NOW);

        assertThat(marked).singleElement().satisfies(change -> {
            assertThat(change.id()).isEqualTo(id("extract"));
            assertThat(change.stopRequested()).isTrue();
        });
        assertThat(row("extract").state()).isEqualTo(TaskState.SUCCESS);
        assertThat(row("extract").endedAt()).contains(NOW);
        assertThat(runs.find(run).orElseThrow().state()).isEqualTo(DagRunState.RUNNING);
        assertThat(stops.pending("s1", Optional.empty(), NOW)).singleElement()
                .satisfies(request -> assertThat(request.restarting()).isFalse());
    }

    @Test
    void cancellingARunFailsItsExecutingTriesSkipsTheRestAndEndsTheRunFailedWithTheReason() {
        RunKey active = db.runningRun("etl", "r2", "extract", "load", "report");
        db.update("UPDATE task_instance SET state = 'success', try_number = 1 WHERE run_id = 'r2' AND task_id = 'extract'");
        db.update("UPDATE task_instance SET state = 'running', try_number = 1, queued_by = 's1' "
                + "WHERE run_id = 'r2' AND task_id = 'load'");

        RunChange change = changes.endRun(active, DagRunState.FAILED, ALICE, "cancel", "cancelled by alice", NOW)
                .orElseThrow();

        assertThat(change.from()).isEqualTo(DagRunState.RUNNING);
        assertThat(change.taskInstances()).extracting(t -> t.id().taskId() + ":" + t.to().dbValue())
                .containsExactly("load:failed", "report:skipped");
        var stored = runs.find(active).orElseThrow();
        assertThat(stored.state()).isEqualTo(DagRunState.FAILED);
        assertThat(stored.endedAt()).contains(NOW);
        assertThat(db.count("SELECT count(*) FROM dag_run WHERE run_id = 'r2' AND state_reason = 'cancelled by alice' "
                + "AND updated_by = 'alice'")).isOne();
        assertThat(taskInstances.find(new TaskInstanceId("etl", "load", "r2", -1)).orElseThrow().failureReason())
                .contains("cancelled by alice");
        assertThat(stops.pending("s1", Optional.empty(), NOW)).hasSize(1);
        assertThat(changes.endRun(new RunKey("etl", "missing"), DagRunState.FAILED, ALICE, "cancel", "x", NOW)).isEmpty();
    }
}
