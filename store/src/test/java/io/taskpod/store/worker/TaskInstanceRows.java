package io.taskpod.store.worker;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: a migrated database on the shared test server with rows written the way the scheduler writes them. */
final class TaskInstanceRows {

    private TaskInstanceRows() {}

    static Database newMigratedDatabase() {
        TestDatabase test = TestPostgres.newDatabase();
        Database database = Database.open(new DatabaseSettings(test.url(), test.user(), test.password(), 3), "worker-store-test");
        database.migrate();
        return database;
    }

    /** A DAG row, a manual run and one task instance at {@code key}'s try in {@code state}. */
    static void insert(Database database, TaskInstanceKey key, String state) {
        execute(database, "INSERT INTO dag (dag_id, fileloc, max_active_runs, max_active_tasks) VALUES (?, ?, 16, 16) "
                + "ON CONFLICT DO NOTHING", key.dagId(), key.dagId() + ".yaml");
        execute(database, "INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date) "
                + "VALUES (?, ?, 'manual', 'running', now()) ON CONFLICT DO NOTHING", key.dagId(), key.runId());
        execute(database, "INSERT INTO task_instance (dag_id, run_id, task_id, map_index, try_number, state, updated_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'scheduler:test')",
                key.dagId(), key.runId(), key.taskId(), key.mapIndex(), key.tryNumber(), state);
    }

    static void setState(Database database, TaskInstanceKey key, String state) {
        execute(database, "UPDATE task_instance SET state = ?, updated_by = 'user:test' WHERE dag_id = ? AND run_id = ? "
                + "AND task_id = ? AND map_index = ?", state, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
    }

    /** Sets {@code max_tries}, as a user's clear leaves it: the task's retries counted again from the cleared try. */
    static void setMaxTries(Database database, TaskInstanceKey key, int maxTries) {
        execute(database, "UPDATE task_instance SET max_tries = ? WHERE dag_id = ? AND run_id = ? AND task_id = ? "
                + "AND map_index = ?", maxTries, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
    }

    static String column(Database database, TaskInstanceKey key, String column) {
        try (Connection connection = database.connection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + column + "::text FROM task_instance "
                        + "WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?")) {
            bind(statement, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The logged transitions of the task instance as {@code from->to by changed_by: reason}. */
    static List<String> transitions(Database database, TaskInstanceKey key) {
        try (Connection connection = database.connection();
                PreparedStatement statement = connection.prepareStatement("SELECT from_state, to_state, changed_by, reason "
                        + "FROM task_instance_transition WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ? "
                        + "ORDER BY id")) {
            bind(statement, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
            List<String> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getString(1) + "->" + rows.getString(2) + " by " + rows.getString(3) + ": "
                            + rows.getString(4));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Database database, String sql, Object... values) {
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }
}
