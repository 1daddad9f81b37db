package io.taskpod.store.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskState;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.run.RunKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading what changed since the last read, against real PostgreSQL, open transactions included. */
class TaskStateChangesTest {

    private final StoreFixture db = StoreFixture.create();
    private final TaskStateChanges changes = new TaskStateChanges(db.jdbc);
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

    @Test
    void aStateOrTryChangeIsReadOnceAndAHeartbeatIsNoChange() {
        TaskInstanceChanges first = changes.since(Optional.empty());
        assertThat(first.changed()).as("the first read only takes the horizon").isEmpty();

        db.update("UPDATE task_instance SET state = 'scheduled', try_number = 1 WHERE task_id = 'a'");
        db.update("UPDATE task_instance SET last_heartbeat_at = now() WHERE task_id = 'b'");
        TaskInstanceChanges second = changes.since(Optional.of(first.next()));
        TaskInstanceChanges third = changes.since(Optional.of(second.next()));

        assertThat(second.changed()).singleElement().satisfies(status -> {
            assertThat(status.key().taskId()).isEqualTo("a");
            assertThat(status.key().tryNumber()).isEqualTo(1);
            assertThat(status.state()).isEqualTo(TaskState.SCHEDULED);
        });
        assertThat(third.changed()).isEmpty();
    }

    @Test
    void aChangeOfATransactionStillOpenIsReadOnceItCommitsAndSoAreLaterOnes() throws Exception {
        TaskInstanceChanges start = changes.since(Optional.empty());
        try (var pool = db.openAnotherPool(); Connection open = pool.connection()) {
            open.setAutoCommit(false);
            try (PreparedStatement update = open.prepareStatement(
                    "UPDATE task_instance SET state = 'scheduled' WHERE task_id = 'a'")) {
                update.executeUpdate();
            }
            db.update("UPDATE task_instance SET state = 'skipped' WHERE task_id = 'b'");

            TaskInstanceChanges whileOpen = changes.since(Optional.of(start.next()));

            assertThat(whileOpen.changed()).as("b committed after a's transaction began: not yet").isEmpty();
            assertThat(whileOpen.next().heldBack()).isTrue();
            open.commit();
            TaskInstanceChanges afterCommit = changes.since(Optional.of(whileOpen.next()));

            assertThat(afterCommit.changed()).extracting(status -> status.key().taskId() + "=" + status.state().dbValue())
                    .containsExactlyInAnyOrder("a=scheduled", "b=skipped");
            assertThat(whileOpen.next().movedTo(afterCommit.next())).isTrue();
        }
    }

    @Test
    void theTaskInstancesOfRunsAreReadInFull() {
        db.update("UPDATE task_instance SET state = 'up_for_retry', try_number = 2, next_retry_at = ? WHERE task_id = 'c'",
                StoreFixture.T0);

        List<TaskInstanceStatus> statuses = changes.ofRuns(List.of(run, new RunKey("etl", "other")));

        assertThat(statuses).extracting(status -> status.key().taskId() + "=" + status.state().dbValue())
                .containsExactlyInAnyOrder("a=none", "b=none", "c=up_for_retry");
        assertThat(statuses).filteredOn(status -> status.key().taskId().equals("c")).singleElement()
                .satisfies(status -> assertThat(status.nextRetryAt()).contains(StoreFixture.T0));
    }
}
