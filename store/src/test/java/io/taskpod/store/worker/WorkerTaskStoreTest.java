package io.taskpod.store.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerTaskStoreTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");
    private static final TaskInstanceKey KEY = new TaskInstanceKey("etl", "extract", "manual__1", 2, -1);
    private static final TryOwner OWNER = new TryOwner("host-a", 4242, T0);
    private static final TryOwner OTHER = new TryOwner("host-b", 777, T0.plusSeconds(1));

    private Database database;
    private WorkerTaskStore store;

    @BeforeEach
    void setUp() {
        database = TaskInstanceRows.newMigratedDatabase();
        store = WorkerTaskStore.of(database, Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void claimMovesAQueuedTryToRunningAndRecordsTheWorker() {
        TaskInstanceRows.insert(database, KEY, "queued");

        assertThat(store.claim(KEY, OWNER)).isEqualTo(new ClaimResult.Claimed(OWNER, 0));

        assertThat(TaskInstanceRows.column(database, KEY, "state")).isEqualTo("running");
        assertThat(TaskInstanceRows.column(database, KEY, "hostname")).isEqualTo("host-a");
        assertThat(TaskInstanceRows.column(database, KEY, "pid")).isEqualTo("4242");
        assertThat(store.currentTry(KEY.id())).get().satisfies(row -> {
            assertThat(row.state()).isEqualTo(TaskState.RUNNING);
            assertThat(row.startedAt()).contains(OWNER.claimedAt());
        });
        assertThat(TaskInstanceRows.transitions(database, KEY))
                .containsExactly("null->queued by scheduler:test: null",
                        "queued->running by worker:host-a:4242: worker claimed try 2");
    }

    @Test
    void theClaimTellsTheTryItsStoredMaxTries() {
        TaskInstanceRows.insert(database, KEY, "queued");
        TaskInstanceRows.setMaxTries(database, KEY, 4);

        assertThat(store.claim(KEY, OWNER)).isEqualTo(new ClaimResult.Claimed(OWNER, 4));
    }

    @Test
    void aSecondWorkerForTheSameTryIsRefusedAndChangesNothing() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);

        ClaimResult second = store.claim(KEY, OTHER);

        assertThat(second).isInstanceOfSatisfying(ClaimResult.Refused.class, refused -> assertThat(refused.reason())
                .contains("already running elsewhere", "host-a", "pid 4242", "duplicate worker"));
        assertThat(TaskInstanceRows.column(database, KEY, "hostname")).isEqualTo("host-a");
    }

    @Test
    void theSameOwnerRetryingItsClaimIsRecognisedWithoutASecondTransition() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);

        assertThat(store.claim(KEY, OWNER)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(TaskInstanceRows.transitions(database, KEY)).hasSize(2);
    }

    @Test
    void aStaleTryIsRefused() {
        TaskInstanceRows.insert(database, KEY, "queued");

        ClaimResult result = store.claim(KEY.withTryNumber(1), OWNER);

        assertThat(result).isInstanceOfSatisfying(ClaimResult.Refused.class,
                refused -> assertThat(refused.reason()).contains("try 1 is stale", "at try 2"));
        assertThat(TaskInstanceRows.column(database, KEY, "state")).isEqualTo("queued");
    }

    @Test
    void aTryThatIsNotQueuedOrDoesNotExistIsRefused() {
        TaskInstanceRows.insert(database, KEY, "scheduled");

        assertThat(store.claim(KEY, OWNER)).isInstanceOfSatisfying(ClaimResult.Refused.class,
                refused -> assertThat(refused.reason()).contains("not queued but scheduled"));
        assertThat(store.claim(new TaskInstanceKey("etl", "nope", "manual__1", 1, -1), OWNER))
                .isInstanceOfSatisfying(ClaimResult.Refused.class,
                        refused -> assertThat(refused.reason()).contains("no task instance etl.nope"));
    }

    @Test
    void heartbeatUpdatesTheRowWhileOwnedAndReportsAnExternalChange() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);

        assertThat(store.heartbeat(KEY, OWNER, T0.plusSeconds(5))).isInstanceOf(OwnershipCheck.Owned.class);
        assertThat(TaskInstanceRows.column(database, KEY, "last_heartbeat_at")).startsWith("2024-05-01 10:00:05");

        TaskInstanceRows.setState(database, KEY, "failed");
        assertThat(store.heartbeat(KEY, OWNER, T0.plusSeconds(10))).isInstanceOfSatisfying(OwnershipCheck.NotOwned.class,
                lost -> assertThat(lost.reason()).contains("changed externally", "failed"));
        assertThat(store.heartbeat(KEY, OTHER, T0.plusSeconds(10))).isInstanceOf(OwnershipCheck.NotOwned.class);
    }

    @Test
    void finishRecordsSuccessOnceEvenWhenRetried() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);
        FinalState success = new FinalState(TaskState.SUCCESS, Optional.empty(), Optional.empty(), "task exited with code 0");
        Instant end = T0.plusSeconds(30).plusNanos(999);

        assertThat(store.finish(KEY, OWNER, success, end)).isInstanceOf(OwnershipCheck.Owned.class);
        assertThat(store.finish(KEY, OWNER, success, end)).isInstanceOf(OwnershipCheck.Owned.class);

        assertThat(TaskInstanceRows.column(database, KEY, "state")).isEqualTo("success");
        assertThat(TaskInstanceRows.column(database, KEY, "ended_at")).isEqualTo("2024-05-01 10:00:30.123457+00");
        assertThat(TaskInstanceRows.transitions(database, KEY)).last()
                .isEqualTo("running->success by worker:host-a:4242: task exited with code 0");
        assertThat(TaskInstanceRows.transitions(database, KEY)).hasSize(3);
    }

    @Test
    void finishRecordsUpForRetryWithReasonAndNextRetry() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);
        FinalState retry = new FinalState(TaskState.UP_FOR_RETRY, Optional.of("task exited with code 3"),
                Optional.of(Instant.parse("2024-05-01T10:05:00Z")), "task exited with code 3");

        store.finish(KEY, OWNER, retry, T0.plusSeconds(1));

        assertThat(TaskInstanceRows.column(database, KEY, "state")).isEqualTo("up_for_retry");
        assertThat(TaskInstanceRows.column(database, KEY, "failure_reason")).isEqualTo("task exited with code 3");
        assertThat(TaskInstanceRows.column(database, KEY, "next_retry_at")).startsWith("2024-05-01 10:05:00");
    }

    @Test
    void finishDoesNotOverwriteAStateChangedExternally() {
        TaskInstanceRows.insert(database, KEY, "queued");
        store.claim(KEY, OWNER);
        TaskInstanceRows.setState(database, KEY, "success");

        OwnershipCheck result = store.finish(KEY, OWNER,
                new FinalState(TaskState.FAILED, Optional.of("boom"), Optional.empty(), "boom"), T0.plusSeconds(1));

        assertThat(result).isInstanceOf(OwnershipCheck.NotOwned.class);
        assertThat(TaskInstanceRows.column(database, KEY, "state")).isEqualTo("success");
        assertThat(TaskInstanceRows.column(database, KEY, "failure_reason")).isNull();
    }

    @Test
    void looksUpTheDagFileAndTheCurrentTry() {
        TaskInstanceRows.insert(database, KEY, "queued");

        assertThat(store.dagFileloc("etl")).contains("etl.yaml");
        assertThat(store.dagFileloc("missing")).isEmpty();
        assertThat(store.currentTry(KEY.id())).get().extracting(TryState::tryNumber, TryState::state)
                .containsExactly(2, TaskState.QUEUED);
    }
}
