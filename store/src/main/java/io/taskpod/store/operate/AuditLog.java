package io.taskpod.store.operate;

import io.taskpod.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code audit_log} table: every manual action, with who did it. Written in the action's own transaction. */
public final class AuditLog {

    private static final String COLUMNS = "id, at, actor, event, dag_id, run_id, task_id, details";

    private final Jdbc jdbc;

    public AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an action on its own (for actions that are not a change of task or run states). */
    public void record(Actor actor, String event, Optional<String> dagId, Optional<String> runId, Optional<String> details) {
        jdbc.withConnection("record " + event + " in the audit log", connection -> {
            insert(connection, actor, event, dagId, runId, Optional.empty(), details);
            return null;
        });
    }

    /** The newest entries first, of one DAG or of all; at most {@code limit}. */
    public List<AuditEntry> list(Optional<String> dagId, int limit) {
        return jdbc.withConnection("read the audit log", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM audit_log "
                    + "WHERE (?::text IS NULL OR dag_id = ?) ORDER BY id DESC LIMIT ?")) {
                Jdbc.setString(query, 1, dagId);
                Jdbc.setString(query, 2, dagId);
                query.setInt(3, limit);
                return Jdbc.list(query, row -> new AuditEntry(row.getLong("id"), Jdbc.requiredInstant(row, "at"),
                        row.getString("actor"), row.getString("event"), Jdbc.string(row, "dag_id"),
                        Jdbc.string(row, "run_id"), Jdbc.string(row, "task_id"), Jdbc.string(row, "details")));
            }
        });
    }

    /** Records an action within the caller's transaction. */
    public static void insert(Connection connection, Actor actor, String event, Optional<String> dagId, Optional<String> runId,
            Optional<String> taskId, Optional<String> details) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_log (actor, event, dag_id, run_id, task_id, details) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, actor.name());
            insert.setString(2, event);
            Jdbc.setString(insert, 3, dagId);
            Jdbc.setString(insert, 4, runId);
            Jdbc.setString(insert, 5, taskId);
            Jdbc.setString(insert, 6, details);
            insert.executeUpdate();
        }
    }
}
