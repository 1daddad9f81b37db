package io.taskpod.store.dag;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.store.Jdbc;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.operate.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code dag} table: DAGs as last parsed, paused or not. */
public final class DagRepository {

    private static final String COLUMNS = "dag_id, fileloc, description, schedule, is_paused, is_active, "
            + "max_active_runs, max_active_tasks, next_dagrun, last_parsed_at";

    private final Jdbc jdbc;

    public DagRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** {@link #upsert(Collection, Instant, boolean)} with new DAGs unpaused. */
    public void upsert(Collection<Dag> dags, Instant parsedAt) {
        upsert(dags, parsedAt, false);
    }

    /**
     * Inserts or refreshes the rows of the given parsed DAGs (marking them active); a new DAG starts paused when
     * {@code pausedAtCreation} ({@code [core] dags_are_paused_at_creation}), an existing one keeps its paused flag.
     */
    public void upsert(Collection<Dag> dags, Instant parsedAt, boolean pausedAtCreation) {
        if (dags.isEmpty()) {
            return;
        }
        jdbc.inTransaction("store parsed DAGs", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO dag (dag_id, fileloc, description, schedule, max_active_runs, max_active_tasks,
                                     is_active, last_parsed_at, is_paused)
                    VALUES (?, ?, ?, ?, ?, ?, true, ?, ?)
                    ON CONFLICT (dag_id) DO UPDATE SET
                        fileloc = excluded.fileloc, description = excluded.description, schedule = excluded.schedule,
                        max_active_runs = excluded.max_active_runs, max_active_tasks = excluded.max_active_tasks,
                        is_active = true, last_parsed_at = excluded.last_parsed_at""")) {
                for (Dag dag : dags) {
                    upsert.setString(1, dag.dagId());
                    upsert.setString(2, dag.relativeFileloc());
                    upsert.setString(3, dag.description());
                    Jdbc.setString(upsert, 4, scheduleText(dag.schedule()));
                    upsert.setInt(5, dag.maxActiveRuns());
                    upsert.setInt(6, dag.maxActiveTasks());
                    Jdbc.setInstant(upsert, 7, parsedAt);
                    upsert.setBoolean(8, pausedAtCreation);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    /** Marks every active DAG not in {@code presentDagIds} inactive; returns the ids marked. */
    public List<String> deactivateAllExcept(Collection<String> presentDagIds) {
        return jdbc.withConnection("mark missing DAGs inactive", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dag SET is_active = false WHERE is_active AND NOT (dag_id = ANY (?)) RETURNING dag_id")) {
                update.setArray(1, connection.createArrayOf("text", presentDagIds.toArray()));
                return Jdbc.list(update, row -> row.getString(1));
            }
        });
    }

    /**
     * Sets the paused flag, recording who did it in the audit log (also when the flag had that value already);
     * false when there is no such DAG.
     */
    public boolean setPaused(String dagId, boolean paused, Actor actor) {
        return jdbc.inTransaction((paused ? "pause" : "unpause") + " DAG " + dagId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE dag SET is_paused = ? WHERE dag_id = ?")) {
                update.setBoolean(1, paused);
                update.setString(2, dagId);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            AuditLog.insert(connection, actor, paused ? "pause" : "unpause", Optional.of(dagId), Optional.empty(),
                    Optional.empty(), Optional.empty());
            return true;
        });
    }

    /** Records the logical date of the next scheduled run (display only). */
    public void setNextDagrun(String dagId, Optional<Instant> nextDagrun) {
        jdbc.withConnection("record next run of DAG " + dagId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dag SET next_dagrun = ? WHERE dag_id = ? AND next_dagrun IS DISTINCT FROM ?")) {
                Jdbc.setInstant(update, 1, nextDagrun);
                update.setString(2, dagId);
                Jdbc.setInstant(update, 3, nextDagrun);
                return update.executeUpdate();
            }
        });
    }

    public Optional<DagRecord> find(String dagId) {
        return jdbc.withConnection("read DAG " + dagId, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM dag WHERE dag_id = ?")) {
                query.setString(1, dagId);
                return Jdbc.first(query, DagRepository::map);
            }
        });
    }

    /** Every DAG row, by id. */
    public List<DagRecord> list() {
        return jdbc.withConnection("list DAGs", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM dag ORDER BY dag_id")) {
                return Jdbc.list(query, DagRepository::map);
            }
        });
    }

    /** The stored spelling of a schedule: what the user wrote, {@code @once}, or empty for none. */
    public static Optional<String> scheduleText(Schedule schedule) {
        return switch (schedule) {
            case Schedule.None none -> Optional.empty();
            case Schedule.Once once -> Optional.of("@once");
            case Schedule.Cron cron -> Optional.of(cron.text());
        };
    }

    private static DagRecord map(ResultSet row) throws SQLException {
        return new DagRecord(row.getString("dag_id"), row.getString("fileloc"), row.getString("description"),
                Jdbc.string(row, "schedule"), row.getBoolean("is_paused"), row.getBoolean("is_active"),
                row.getInt("max_active_runs"), row.getInt("max_active_tasks"), Jdbc.instant(row, "next_dagrun"),
                Jdbc.requiredInstant(row, "last_parsed_at"));
    }
}
