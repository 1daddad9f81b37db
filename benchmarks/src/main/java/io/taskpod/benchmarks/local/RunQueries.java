package io.taskpod.benchmarks.local;

import io.taskpod.store.run.RunKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's own queries, on one superuser session so that {@code pg_stat_statements} does not count them with
 * taskpod's: whether a run has ended, the timestamps of its task instances, and the queueing of a run's task
 * instances for workers started without a scheduler.
 */
final class RunQueries implements AutoCloseable {

    /** How a run ended. */
    record RunEnd(String state, Instant endedAt) {}

    /** What the scheduler and the worker recorded for one task instance. */
    record TaskTimes(String taskId, String state, Instant queuedAt, Instant startedAt, Instant endedAt) {}

    private final Connection connection;

    private RunQueries(Connection connection) {
        this.connection = connection;
    }

    static RunQueries connect(String url) throws SQLException {
        return new RunQueries(DriverManager.getConnection(url, "postgres", ""));
    }

    boolean dagRegistered(String dagId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM dag WHERE dag_id = ?")) {
            statement.setString(1, dagId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The run's end, once it has one. */
    Optional<RunEnd> end(RunKey run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT run_id, state, ended_at FROM dag_run WHERE dag_id = ? AND run_id = ? AND state IN ('success', 'failed')")) {
            bind(statement, run);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new RunEnd(rs.getString(2), instant(rs, 3))) : Optional.empty();
            }
        }
    }

    List<TaskTimes> taskTimes(RunKey run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT task_id, state, queued_at, started_at, ended_at FROM task_instance
                WHERE dag_id = ? AND run_id = ? ORDER BY task_id""")) {
            bind(statement, run);
            List<TaskTimes> times = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    times.add(new TaskTimes(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), instant(rs, 5)));
                }
            }
            return times;
        }
    }

    /**
     * Puts every task instance of the run at try 1 in {@code queued}, as the scheduler's critical section would,
     * so that workers started directly claim them; returns how many.
     */
    int queueAll(RunKey run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE task_instance SET state = 'queued', try_number = 1, launch_attempt = 1, scheduled_at = now(),
                    queued_at = now(), updated_by = 'benchmark', state_reason = 'queued for a direct launch', updated_at = now()
                WHERE dag_id = ? AND run_id = ?""")) {
            bind(statement, run);
            return statement.executeUpdate();
        }
    }

    /** Ends a run whose task instances were run without a scheduler. */
    void markSucceeded(RunKey run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE dag_run SET state = 'success', ended_at = now() WHERE dag_id = ? AND run_id = ?")) {
            bind(statement, run);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, RunKey run) throws SQLException {
        statement.setString(1, run.dagId());
        statement.setString(2, run.runId());
    }

    /** A timestamp the benchmark needs; a missing one means the run did not go as planned. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        if (value == null) {
            throw new SQLException(rs.getMetaData().getColumnName(column) + " is not set for " + rs.getString(1)
                    + " (state " + rs.getString(2) + ")");
        }
        return value.toInstant();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
