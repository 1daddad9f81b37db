package io.taskpod.app.scheduler;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.retry.RetryPolicy;
import io.taskpod.store.Jdbc;
import io.taskpod.store.task.TaskInstanceRows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code taskpod tasks run} does to the database, for scheduler tests that do not start real worker
 * processes: take the try (queued → running, refused when the state, try or launch differ), heartbeat, and record
 * the outcome with the task's retry policy.
 */
final class WorkerDouble {

    private final Jdbc jdbc;
    private final Clock clock;

    WorkerDouble(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queued → running for exactly this try, whatever its launch; false (nothing runs) when it is not queued. */
    boolean start(TaskInstanceKey key) {
        return update(key, "state = 'running', started_at = ?, last_heartbeat_at = ?, hostname = 'test-host'",
                "state = 'queued'", clock.instant(), clock.instant());
    }

    /** {@link #start(TaskInstanceKey)} by the worker of one launch: false when the try was queued again since. */
    boolean start(TaskInstanceKey key, int launchAttempt) {
        return update(key, "state = 'running', started_at = ?, last_heartbeat_at = ?, hostname = 'test-host'",
                "state = 'queued' AND launch_attempt = ?", clock.instant(), clock.instant(), launchAttempt);
    }

    void heartbeat(TaskInstanceKey key) {
        update(key, "last_heartbeat_at = ?", "state = 'running'", clock.instant());
    }

    void succeed(TaskInstanceKey key) {
        update(key, "state = 'success', ended_at = ?", "state = 'running'", clock.instant());
    }

    void fail(TaskInstanceKey key, TaskDefinition task) {
        RetryPolicy.Decision decision = RetryPolicy.onFailure(task, key.tryNumber(), task.retries(), clock.instant());
        update(key, "state = ?, ended_at = ?, next_retry_at = ?, failure_reason = 'exit code 1'", "state = 'running'",
                decision.state().dbValue(), clock.instant(), decision.nextRetryAt().orElse(null));
    }

    /** {@code values} fill the placeholders of {@code set}, then those of {@code condition}. */
    private boolean update(TaskInstanceKey key, String set, String condition, Object... values) {
        int inSet = (int) set.chars().filter(c -> c == '?').count();
        return jdbc.withConnection("worker update", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE task_instance SET " + set
                    + ", updated_by = 'worker', state_reason = 'worker' WHERE " + TaskInstanceRows.WHERE_ID
                    + " AND try_number = ? AND " + condition)) {
                int index = 1;
                for (int i = 0; i < inSet; i++) {
                    bind(update, index++, values[i]);
                }
                index = TaskInstanceRows.bindId(update, index, key.id());
                update.setInt(index++, key.tryNumber());
                for (int i = inSet; i < values.length; i++) {
                    bind(update, index++, values[i]);
                }
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement update, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            Jdbc.setInstant(update, index, instant);
        } else if (value == null) {
            Jdbc.setInstant(update, index, Optional.empty());
        } else {
            update.setObject(index, value);
        }
    }

    static TaskState outcomeState(boolean success) {
        return success ? TaskState.SUCCESS : TaskState.FAILED;
    }
}
