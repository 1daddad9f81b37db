package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The task instance reads of the scheduler's loop that cost what changed, not the size of the runs: the states of
 * the runs it starts following, then, each loop, only the task instances whose state or try changed since the last
 * read (the {@code change_xid} stamp of migration V3, read up to the oldest transaction still open).
 */
public final class TaskStateChanges {

    private static final String COLUMNS = "ti.dag_id, ti.task_id, ti.run_id, ti.try_number, ti.map_index, ti.state, "
            + "ti.next_retry_at";

    private final Jdbc jdbc;

    public TaskStateChanges(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The task instances changed since {@code since} (none the first time, which only takes the horizon), and the
     * horizon to read from next: rows stamped by a transaction at or above {@code since.xmin} and below the oldest one
     * open now. A change whose transaction is still open is in a later read.
     */
    public TaskInstanceChanges since(Optional<ChangeHorizon> since) {
        return jdbc.withConnection("read task instance changes", connection -> {
            try (PreparedStatement query = connection.prepareStatement("WITH horizon AS (SELECT "
                    + "pg_snapshot_xmin(pg_current_snapshot()) AS xmin, pg_snapshot_xmax(pg_current_snapshot()) AS xmax) "
                    + "SELECT h.xmin::text AS horizon_xmin, h.xmax::text AS horizon_xmax, " + COLUMNS
                    + " FROM horizon h LEFT JOIN task_instance ti ON ? AND ti.change_xid >= ?::xid8 AND ti.change_xid < h.xmin")) {
                query.setBoolean(1, since.isPresent());
                query.setString(2, Long.toUnsignedString(since.map(ChangeHorizon::xmin).orElse(0L)));
                ChangeHorizon next = null;
                List<TaskInstanceStatus> changed = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        next = new ChangeHorizon(Long.parseUnsignedLong(rows.getString("horizon_xmin")),
                                Long.parseUnsignedLong(rows.getString("horizon_xmax")));
                        if (rows.getString("dag_id") != null) {
                            changed.add(map(rows));
                        }
                    }
                }
                return new TaskInstanceChanges(changed, next);
            }
        });
    }

    /** The task instances of the given runs as they are now. */
    public List<TaskInstanceStatus> ofRuns(Collection<RunKey> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.withConnection("read the task instances of running runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM task_instance ti "
                    + "JOIN unnest(?::text[], ?::text[]) AS r(dag_id, run_id) ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id")) {
                query.setArray(1, connection.createArrayOf("text", runs.stream().map(RunKey::dagId).toArray()));
                query.setArray(2, connection.createArrayOf("text", runs.stream().map(RunKey::runId).toArray()));
                return Jdbc.list(query, TaskStateChanges::map);
            }
        });
    }

    private static TaskInstanceStatus map(ResultSet row) throws SQLException {
        return new TaskInstanceStatus(new TaskInstanceKey(row.getString("dag_id"), row.getString("task_id"),
                row.getString("run_id"), row.getInt("try_number"), row.getInt("map_index")),
                TaskState.fromDb(row.getString("state")), Jdbc.instant(row, "next_retry_at"));
    }
}
