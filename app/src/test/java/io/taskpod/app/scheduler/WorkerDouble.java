package io.taskpod.app.scheduler;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.retry.RetryPolicy;
import io.taskpod.store.Jdbc;
import io.taskpod.store.task.TaskInstanceRows;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code taskpod tasks run} does to the database, for scheduler tests that do not start real worker
 * processes: take the try (queued → running, refused when the state or try differ), heartbeat, and record the
 * outcome with the task's retry policy.
 */
final class WorkerDouble {

    private final Jdbc jdbc;
    private final Clock clock;

    WorkerDouble(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queued → running for exactly this try; false (nothing runs) when the row is not queued with this try. */
    boolean start(TaskInstanceKey key) {
        return update(key, "state = 'running', started_at = ?, last_heartbeat_at = ?, hostname = 'test-host'",
                "queued", clock.instant(), clock.instant());
    }

    void heartbeat(TaskInstanceKey key) {
        update(key, "last_heartbeat_at = ?", "running", clock.instant());
    }

    void succeed(TaskInstanceKey key) {
        update(key, "state = 'success', ended_at = ?", "running", clock.instant());
    }

    void fail(TaskInstanceKey key, TaskDefinition task) {
        RetryPolicy.Decision decision = RetryPolicy.onFailure(task, key.tryNumber(), task.retries(), clock.instant());
        update(key, "state = ?, ended_at = ?, next_retry_at = ?, failure_reason = 'exit code 1'", "running",
                decision.state().dbValue(), clock.instant(), decision.nextRetryAt().orElse(null));
    }

    private boolean update(TaskInstanceKey key, String set, String fromState, Object... values) {
        return jdbc.withConnection("worker update", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE task_instance SET " + set
                    + ", updated_by = 'worker', state_reason = 'worker' WHERE " + TaskInstanceRows.WHERE_ID
                    + " AND state = ? AND try_number = ?")) {
                int index = 1;
                for (Object value : values) {
                    if (value instanceof Instant instant) {
                        Jdbc.setInstant(update, index++, instant);
                    } else if (value == null) {
                        Jdbc.setInstant(update, index++, Optional.empty());
                    } else {
                        update.setObject(index++, value);
                    }
                }
                index = TaskInstanceRows.bindId(update, index, key.id());
                update.setString(index, fromState);
                update.setInt(index + 1, key.tryNumber());
                return update.executeUpdate() == 1;
            }
        });
    }

    static TaskState outcomeState(boolean success) {
        return success ? TaskState.SUCCESS : TaskState.FAILED;
    }
}
