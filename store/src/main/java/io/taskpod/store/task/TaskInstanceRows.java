package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading {@code task_instance} rows into {@link TaskInstance}s, and binding task instance keys. */
public final class TaskInstanceRows {

    /** The columns {@link #map} reads, for {@code SELECT} lists; {@code ti} is the table alias. */
    public static final String COLUMNS = "ti.dag_id, ti.task_id, ti.run_id, ti.map_index, ti.try_number, ti.state, "
            + "ti.queue, ti.executor, ti.priority_weight, ti.max_tries, ti.queued_by, ti.external_executor_id, "
            + "ti.hostname, ti.launch_attempt, ti.queued_at, ti.started_at, ti.ended_at, ti.last_heartbeat_at, "
            + "ti.failure_reason";

    /** The primary-key condition; bind with {@link #bindId}. */
    public static final String WHERE_ID = "dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?";

    private TaskInstanceRows() {}

    public static TaskInstance map(ResultSet row) throws SQLException {
        TaskInstanceKey key = new TaskInstanceKey(row.getString("dag_id"), row.getString("task_id"),
                row.getString("run_id"), row.getInt("try_number"), row.getInt("map_index"));
        return new TaskInstance(key, TaskState.fromDb(row.getString("state")), row.getString("queue"),
                Jdbc.string(row, "executor"), row.getInt("priority_weight"), row.getInt("max_tries"),
                Jdbc.string(row, "queued_by"), Jdbc.string(row, "external_executor_id"), Jdbc.string(row, "hostname"),
                row.getInt("launch_attempt"), Jdbc.instant(row, "queued_at"), Jdbc.instant(row, "started_at"),
                Jdbc.instant(row, "ended_at"), Jdbc.instant(row, "last_heartbeat_at"),
                Jdbc.string(row, "failure_reason"));
    }

    /** Binds the four primary-key columns in {@link #WHERE_ID} order; returns the next free index. */
    public static int bindId(PreparedStatement statement, int index, TaskInstanceId id) throws SQLException {
        statement.setString(index, id.dagId());
        statement.setString(index + 1, id.runId());
        statement.setString(index + 2, id.taskId());
        statement.setInt(index + 3, id.mapIndex());
        return index + 4;
    }
}
