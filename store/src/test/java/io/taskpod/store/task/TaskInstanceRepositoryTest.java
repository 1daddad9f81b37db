package io.taskpod.store.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskInstanceRepositoryTest {

    private static final Instant NOW = StoreFixture.T0.plusSeconds(100);

    private final StoreFixture db = StoreFixture.create();
    private final TaskInstanceRepository tis = new TaskInstanceRepository(db.jdbc);
    private final TransitionRepository transitions = new TransitionRepository(db.jdbc);
    private RunKey run;

    @BeforeEach
    void createRun() {
        db.storeDag(StoreFixture.dag("etl", 16, "a", "b", "c"));
        run = db.runningRun("etl", "r1", "a", "b", "c");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private TaskInstanceId id(String taskId) {
        return new TaskInstanceId("etl", taskId, "r1", -1);
    }

    private TaskInstance ti(String taskId) {
        return tis.find(id(taskId)).orElseThrow();
    }

    /** Puts a task instance in a state with a try number, as earlier scheduling and a worker would have. */
    private void set(String taskId, TaskState state, int tryNumber, String queuedBy) {
        db.update("UPDATE task_instance SET state = ?, try_number = ?, queued_by = ?, queued_at = ? WHERE task_id = ?",
                state.dbValue(), tryNumber, queuedBy, StoreFixture.T0, taskId);
    }

    @Test
    void schedulingStartsANewTryAndOtherDependencyOutcomesEndTheTaskWithoutRunning() {
        List<DependencyTransition> applied = tis.applyDependencyTransitions(List.of(
                new DependencyTransition(id("a").withTry(0), TaskState.NONE, TaskState.SCHEDULED, "upstreams done"),
                new DependencyTransition(id("b").withTry(0), TaskState.NONE, TaskState.UPSTREAM_FAILED, "a failed"),
                new DependencyTransition(id("c").withTry(0), TaskState.NONE, TaskState.SKIPPED, "a skipped")), "s1", NOW);

        assertThat(applied).hasSize(3);
        assertThat(ti("a").state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(ti("a").key().tryNumber()).isEqualTo(1);
        assertThat(ti("b").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(ti("b").key().tryNumber()).isZero();
        assertThat(ti("b").endedAt()).contains(NOW);
        assertThat(ti("c").state()).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void aDependencyTransitionOnAStaleStateOrTryChangesNothing() {
        set("a", TaskState.SCHEDULED, 1, null);

        List<DependencyTransition> applied = tis.applyDependencyTransitions(List.of(
                new DependencyTransition(id("a").withTry(0), TaskState.NONE, TaskState.SCHEDULED, "again"),
                new DependencyTransition(id("b").withTry(3), TaskState.NONE, TaskState.SCHEDULED, "wrong try")), "s2", NOW);

        assertThat(applied).isEmpty();
        assertThat(ti("a").key().tryNumber()).isEqualTo(1);
        assertThat(ti("b").state()).isEqualTo(TaskState.NONE);
    }

    @Test
    void everyTransitionIsLoggedWithWhoMadeItAndWhy() {
        tis.applyDependencyTransitions(List.of(
                new DependencyTransition(id("a").withTry(0), TaskState.NONE, TaskState.SCHEDULED, "upstreams done")), "s1", NOW);

        List<TaskTransition> log = transitions.forTaskInstance(id("a"));

        assertThat(log).extracting(t -> t.from().map(TaskState::dbValue).orElse("-") + ">" + t.to().dbValue()
                        + " try=" + t.tryNumber() + " by=" + t.changedBy().orElse("") + " (" + t.reason().orElse("") + ")")
                .containsExactly("->none try=0 by=test (run created)", "none>scheduled try=1 by=s1 (upstreams done)");
        assertThat(transitions.forRun(run)).hasSize(4);
    }

    @Test
    void dueRetriesAreScheduledWithTheNextTryAndOthersWait() {
        set("a", TaskState.UP_FOR_RETRY, 1, "s1");
        set("b", TaskState.UP_FOR_RETRY, 2, "s1");
        db.update("UPDATE task_instance SET next_retry_at = ? WHERE task_id = 'a'", NOW.minusSeconds(1));
        db.update("UPDATE task_instance SET next_retry_at = ? WHERE task_id = 'b'", NOW.plusSeconds(1));

        List<TaskInstanceKey> scheduled = tis.scheduleDueRetries(RunScope.ALL_EXCEPT_TEST, NOW, "s1");

        assertThat(scheduled).containsExactly(id("a").withTry(2));
        assertThat(ti("a").state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(ti("a").queuedBy()).isEmpty();
        assertThat(ti("b").state()).isEqualTo(TaskState.UP_FOR_RETRY);
    }

    @Test
    void retriesOfRunsNotRunningOrOutOfScopeWait() {
        db.run("etl", "queued-run", DagRunState.QUEUED, StoreFixture.T0, "a");
        db.update("UPDATE task_instance SET state = 'up_for_retry', try_number = 1 WHERE run_id = 'queued-run'");
        set("a", TaskState.UP_FOR_RETRY, 1, "s1");

        assertThat(tis.scheduleDueRetries(RunScope.only(new RunKey("etl", "other")), NOW, "s1")).isEmpty();
        assertThat(tis.scheduleDueRetries(RunScope.ALL_EXCEPT_TEST, NOW, "s1")).containsExactly(id("a").withTry(2));
    }

    @Test
    void failingATryIsACompareAndSetSoADuplicateFailureIsANoOp() {
        set("a", TaskState.RUNNING, 1, "s1");
        TaskInstanceKey key = id("a").withTry(1);

        assertThat(tis.failTry(key, TaskState.RUNNING, TaskState.UP_FOR_RETRY, Optional.of(NOW.plusSeconds(30)),
                "pod OOMKilled", "s1", NOW)).isTrue();
        assertThat(tis.failTry(key, TaskState.RUNNING, TaskState.FAILED, Optional.empty(), "again", "s1", NOW)).isFalse();

        TaskInstance row = ti("a");
        assertThat(row.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(row.failureReason()).contains("pod OOMKilled");
        assertThat(row.endedAt()).contains(NOW);
        assertThat(db.count("SELECT count(*) FROM task_instance WHERE task_id = 'a' AND next_retry_at = ?",
                java.time.OffsetDateTime.ofInstant(NOW.plusSeconds(30), java.time.ZoneOffset.UTC))).isEqualTo(1);
    }

    @Test
    void requeueOfTheLaunchReadKeepsTheTryClearsTheOwnerAndCountsStuckRequeues() {
        set("a", TaskState.QUEUED, 3, "s1");
        TaskInstanceKey key = id("a").withTry(3);

        assertThat(tis.requeueLaunch(key, Optional.of("s1"), 1, true, "s1", "stuck in queued", NOW)).isFalse();
        assertThat(tis.requeueLaunch(key, Optional.of("s1"), 0, true, "s1", "stuck in queued", NOW)).isTrue();

        TaskInstance row = ti("a");
        assertThat(row.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(row.key().tryNumber()).isEqualTo(3);
        assertThat(row.queuedBy()).isEmpty();
        assertThat(row.queuedAt()).isEmpty();
        assertThat(db.count("SELECT stuck_in_queued_count FROM task_instance WHERE task_id = 'a'")).isEqualTo(1);
        assertThat(tis.requeueLaunch(key, Optional.of("s1"), 0, true, "s1", "again", NOW)).isFalse();
    }

    @Test
    void requeueingALaunchLeavesATryQueuedAgainByASiblingAlone() {
        TaskInstanceKey key = id("a").withTry(2);
        // s1 read the try as its launch 1; then s2 adopted it, reset it and queued it again as launch 2
        set("a", TaskState.QUEUED, 2, "s2");
        db.update("UPDATE task_instance SET launch_attempt = 2 WHERE task_id = 'a'");

        assertThat(tis.requeueLaunch(key, Optional.of("s1"), 1, false, "s1", "never launched", NOW)).isFalse();
        assertThat(tis.requeueLaunch(key, Optional.of("s2"), 1, false, "s2", "never launched", NOW)).isFalse();
        assertThat(ti("a").state()).isEqualTo(TaskState.QUEUED);
        assertThat(ti("a").queuedBy()).contains("s2");

        assertThat(tis.requeueLaunch(key, Optional.of("s2"), 2, false, "s2", "never launched", NOW)).isTrue();
        assertThat(ti("a").state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(ti("a").key().tryNumber()).isEqualTo(2);
        assertThat(db.count("SELECT stuck_in_queued_count FROM task_instance WHERE task_id = 'a'")).isZero();
    }

    @Test
    void adoptionMovesOwnershipOnlyFromTheExpectedPreviousOwner() {
        set("a", TaskState.RUNNING, 1, "dead");
        TaskInstanceKey key = id("a").withTry(1);

        assertThat(tis.adopt(key, TaskState.RUNNING, Optional.of("other"), "s1", "adopted", NOW)).isFalse();
        assertThat(tis.adopt(key, TaskState.RUNNING, Optional.of("dead"), "s1", "adopted", NOW)).isTrue();
        assertThat(tis.adopt(key, TaskState.RUNNING, Optional.of("dead"), "s2", "adopted", NOW)).isFalse();

        assertThat(ti("a").queuedBy()).contains("s1");
    }

    @Test
    void theExternalExecutorIdIsRecordedForTheCurrentTryOnly() {
        set("a", TaskState.QUEUED, 2, "s1");

        assertThat(tis.recordExternalExecutorIds(Map.of(id("a").withTry(1), "ns/old-pod"))).isZero();
        assertThat(tis.recordExternalExecutorIds(Map.of(id("a").withTry(2), "ns/pod"))).isOne();
        assertThat(tis.recordExternalExecutorIds(Map.of(id("a").withTry(2), "ns/pod"))).isZero();

        assertThat(ti("a").externalExecutorId()).contains("ns/pod");
    }

    @Test
    void findsOrphansOfSchedulersThatAreNotLive() {
        set("a", TaskState.QUEUED, 1, "dead");
        set("b", TaskState.RUNNING, 1, "live");
        set("c", TaskState.RUNNING, 1, null);

        assertThat(tis.findOrphans(List.of("live"), RunScope.ALL_EXCEPT_TEST))
                .extracting(t -> t.key().taskId()).containsExactlyInAnyOrder("a", "c");
        assertThat(tis.findExecutingQueuedBy("live")).extracting(t -> t.key().taskId()).containsExactly("b");
    }

    @Test
    void findsTasksQueuedTooLongWithTheirRequeueCount() {
        set("a", TaskState.QUEUED, 1, "s1");
        set("b", TaskState.QUEUED, 1, "s2");
        db.update("UPDATE task_instance SET stuck_in_queued_count = 1 WHERE task_id = 'a'");

        List<StuckTask> stuck = tis.findQueuedBefore("s1", StoreFixture.T0.plusSeconds(1));

        assertThat(stuck).hasSize(1);
        assertThat(stuck.getFirst().taskInstance().key().taskId()).isEqualTo("a");
        assertThat(stuck.getFirst().requeues()).isEqualTo(1);
        assertThat(tis.findQueuedBefore("s1", StoreFixture.T0)).isEmpty();
    }

    @Test
    void findsRunningTasksWhoseWorkerStoppedHeartbeating() {
        set("a", TaskState.RUNNING, 1, "s1");
        set("b", TaskState.RUNNING, 1, "s1");
        set("c", TaskState.RUNNING, 1, "s2");
        db.update("UPDATE task_instance SET last_heartbeat_at = ? WHERE task_id = 'a'", NOW.minusSeconds(600));
        db.update("UPDATE task_instance SET last_heartbeat_at = ? WHERE task_id IN ('b', 'c')", NOW.minusSeconds(10));

        assertThat(tis.findRunningWithoutHeartbeat("s1", NOW.minusSeconds(300)))
                .extracting(t -> t.key().taskId()).containsExactly("a");
    }
}
