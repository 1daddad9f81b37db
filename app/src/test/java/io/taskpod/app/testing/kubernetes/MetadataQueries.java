package io.taskpod.app.testing.kubernetes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the metadata database says, for assertions: run and task instance states, the transition log, stored watch
 * versions. A new connection per query, so a database restart between two queries does no harm.
 */
public final class MetadataQueries {

    /** A task instance's current row. */
    public record TaskRow(String state, int tryNumber, Optional<String> failureReason,
            Optional<String> externalExecutorId, Optional<String> queuedBy) {}

    /** One row of {@code task_instance_transition}, in the order the database wrote them. */
    public record Transition(String taskId, int mapIndex, int tryNumber, String fromState, String toState,
            String changedBy, String reason, Instant changedAt) {}

    private static final String TRANSITIONS = "SELECT task_id, map_index, try_number, coalesce(from_state, ''),"
            + " to_state, coalesce(changed_by, ''), coalesce(reason, ''), changed_at FROM task_instance_transition"
            + " WHERE dag_id = ? AND run_id = ?";

    private final String url;
    private final String user;
    private final String password;

    MetadataQueries(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The run's state, or empty when there is no such run (yet). */
    public Optional<String> runState(String dagId, String runId) {
        List<String> states = query("SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ?",
                rows -> rows.getString(1), dagId, runId);
        return states.stream().findFirst();
    }

    public TaskRow task(String dagId, String runId, String taskId, int mapIndex) {
        return query("SELECT state, try_number, failure_reason, external_executor_id, queued_by FROM task_instance"
                        + " WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?",
                rows -> new TaskRow(rows.getString(1), rows.getInt(2), Optional.ofNullable(rows.getString(3)),
                        Optional.ofNullable(rows.getString(4)), Optional.ofNullable(rows.getString(5))),
                dagId, runId, taskId, mapIndex).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no task instance " + dagId + "." + taskId + "[" + mapIndex
                        + "] in run " + runId));
    }

    /** Every state change of the task instance, oldest first. */
    public List<Transition> transitions(String dagId, String runId, String taskId, int mapIndex) {
        return query(TRANSITIONS + " AND task_id = ? AND map_index = ? ORDER BY id", MetadataQueries::transition,
                dagId, runId, taskId, mapIndex);
    }

    /** Every state change of every task instance of the run, oldest first. */
    public List<Transition> transitions(String dagId, String runId) {
        return query(TRANSITIONS + " ORDER BY id", MetadataQueries::transition, dagId, runId);
    }

    private static Transition transition(ResultSet rows) throws SQLException {
        return new Transition(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getString(7), rows.getObject(8, OffsetDateTime.class).toInstant());
    }

    /** The task instances of a run as {@code task_id[map_index] -> state}, for failure messages. */
    public Map<String, String> taskStates(String dagId, String runId) {
        Map<String, String> states = new LinkedHashMap<>();
        query("SELECT task_id, map_index, state, try_number FROM task_instance WHERE dag_id = ? AND run_id = ?"
                        + " ORDER BY task_id, map_index",
                rows -> states.put(rows.getString(1) + (rows.getInt(2) >= 0 ? "[" + rows.getInt(2) + "]" : ""),
                        rows.getString(3) + " (try " + rows.getInt(4) + ")"),
                dagId, runId);
        return states;
    }

    /** The watch resourceVersions a scheduler saved, by namespace ({@code *} for a cluster-wide watch). */
    public Map<String, String> resourceVersions(String schedulerId) {
        Map<String, String> versions = new LinkedHashMap<>();
        query("SELECT namespace, resource_version FROM kubernetes_resource_version WHERE scheduler_id = ?"
                        + " ORDER BY namespace",
                rows -> versions.put(rows.getString(1), rows.getString(2)), schedulerId);
        return versions;
    }

    /** Runs a query and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }
}
