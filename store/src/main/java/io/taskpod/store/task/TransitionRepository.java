package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads the append-only {@code task_instance_transition} log the database writes on every state change. */
public final class TransitionRepository {

    private static final String COLUMNS = "id, dag_id, run_id, task_id, map_index, try_number, from_state, to_state, "
            + "changed_by, reason, changed_at";

    private final Jdbc jdbc;

    public TransitionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Every transition of one task instance, oldest first. */
    public List<TaskTransition> forTaskInstance(TaskInstanceId id) {
        return jdbc.withConnection("read transitions of " + id, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM task_instance_transition WHERE " + TaskInstanceRows.WHERE_ID + " ORDER BY id")) {
                TaskInstanceRows.bindId(query, 1, id);
                return Jdbc.list(query, TransitionRepository::map);
            }
        });
    }

    /** Every transition of the task instances of one run, oldest first. */
    public List<TaskTransition> forRun(RunKey run) {
        return jdbc.withConnection("read transitions of " + run, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM task_instance_transition WHERE dag_id = ? AND run_id = ? ORDER BY id")) {
                query.setString(1, run.dagId());
                query.setString(2, run.runId());
                return Jdbc.list(query, TransitionRepository::map);
            }
        });
    }

    private static TaskTransition map(ResultSet row) throws SQLException {
        TaskInstanceId id = new TaskInstanceId(row.getString("dag_id"), row.getString("task_id"), row.getString("run_id"),
                row.getInt("map_index"));
        return new TaskTransition(row.getLong("id"), id, row.getInt("try_number"),
                Jdbc.string(row, "from_state").map(TaskState::fromDb), TaskState.fromDb(row.getString("to_state")),
                Jdbc.string(row, "changed_by"), Jdbc.string(row, "reason"), Jdbc.requiredInstant(row, "changed_at"));
    }
}
