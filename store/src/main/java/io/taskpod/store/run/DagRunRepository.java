package io.taskpod.store.run;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The {@code dag_run} table: creating runs with their task instances, starting and finishing them. */
public final class DagRunRepository {

    private static final String COLUMNS = "dag_id, run_id, run_type, state, logical_date, data_interval_start, "
            + "data_interval_end, conf::text AS conf, created_by, created_at, started_at, ended_at";
    /** {@link #COLUMNS} of the table under the alias {@code dr}, for joins. */
    private static final String DR_COLUMNS = "dr.dag_id, dr.run_id, dr.run_type, dr.state, dr.logical_date, "
            + "dr.data_interval_start, dr.data_interval_end, dr.conf::text AS conf, dr.created_by, dr.created_at, "
            + "dr.started_at, dr.ended_at";

    private final Jdbc jdbc;

    public DagRunRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the run and its task instances in one transaction. Returns false, inserting nothing, when the run
     * id is taken or a scheduled run for the same logical date exists (another scheduler created it).
     */
    public boolean create(NewDagRun run, List<NewTaskInstance> taskInstances) {
        return jdbc.inTransaction("create DAG run " + run.key(), connection -> {
            if (!insertRun(connection, run)) {
                return false;
            }
            insertTaskInstances(connection, run, taskInstances);
            return true;
        });
    }

    private static boolean insertRun(Connection connection, NewDagRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                     data_interval_end, conf, created_by, created_at, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, run.key().dagId());
            insert.setString(2, run.key().runId());
            insert.setString(3, run.runType().dbValue());
            insert.setString(4, run.state().dbValue());
            Jdbc.setInstant(insert, 5, run.logicalDate());
            Jdbc.setInstant(insert, 6, run.dataIntervalStart());
            Jdbc.setInstant(insert, 7, run.dataIntervalEnd());
            Jdbc.setString(insert, 8, run.conf());
            insert.setString(9, run.createdBy());
            Jdbc.setInstant(insert, 10, run.createdAt());
            Jdbc.setInstant(insert, 11, run.state() == DagRunState.RUNNING ? Optional.of(run.createdAt()) : Optional.empty());
            return insert.executeUpdate() == 1;
        }
    }

    private static void insertTaskInstances(Connection connection, NewDagRun run, List<NewTaskInstance> taskInstances)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO task_instance (dag_id, run_id, task_id, map_index, map_item, state, max_tries, queue,
                                           executor, priority_weight, ended_at, updated_by, state_reason, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (NewTaskInstance ti : taskInstances) {
                insert.setString(1, run.key().dagId());
                insert.setString(2, run.key().runId());
                insert.setString(3, ti.taskId());
                insert.setInt(4, ti.mapIndex());
                Jdbc.setString(insert, 5, ti.mapItem());
                insert.setString(6, ti.state().dbValue());
                insert.setInt(7, ti.maxTries());
                insert.setString(8, ti.queue());
                Jdbc.setString(insert, 9, ti.executor());
                insert.setInt(10, ti.priorityWeight());
                Jdbc.setInstant(insert, 11, ti.state().isFinished() ? Optional.of(run.createdAt()) : Optional.empty());
                insert.setString(12, run.createdBy());
                insert.setString(13, ti.state() == TaskState.SKIPPED ? "mapped over no items" : "run created");
                Jdbc.setInstant(insert, 14, run.createdAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The newest logical date of a scheduled run, per DAG. */
    public Map<String, Instant> latestScheduledLogicalDates() {
        return jdbc.withConnection("read the latest scheduled runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT dag_id, max(logical_date) AS latest FROM dag_run WHERE run_type = 'scheduled' GROUP BY dag_id")) {
                Map<String, Instant> latest = new LinkedHashMap<>();
                for (Map.Entry<String, Instant> entry : Jdbc.list(query,
                        row -> Map.entry(row.getString("dag_id"), Jdbc.requiredInstant(row, "latest")))) {
                    latest.put(entry.getKey(), entry.getValue());
                }
                return latest;
            }
        });
    }

    /** How many runs of each DAG are queued or running. */
    public Map<String, Integer> countUnfinishedByDag() {
        return jdbc.withConnection("count active runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT dag_id, count(*) AS n FROM dag_run WHERE state IN ('queued', 'running') GROUP BY dag_id")) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> entry : Jdbc.list(query,
                        row -> Map.entry(row.getString("dag_id"), row.getInt("n")))) {
                    counts.put(entry.getKey(), entry.getValue());
                }
                return counts;
            }
        });
    }

    /**
     * Starts queued runs: in one transaction, locks the DAGs that have queued runs in scope (skipping DAGs another
     * scheduler is working on, and paused DAGs unless the scope runs them anyway), hands their queued runs to {@code chooser}, and moves the runs it returns from
     * queued to running. Returns the runs started.
     */
    public List<RunKey> startQueuedRuns(RunScope scope, Instant now,
            Function<List<QueuedRuns>, List<RunKey>> chooser) {
        return jdbc.inTransaction("start queued DAG runs", connection -> {
            List<QueuedRuns> candidates = lockQueuedRuns(connection, scope);
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<RunKey> chosen = chooser.apply(candidates);
            List<RunKey> started = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dag_run SET state = 'running', started_at = ? WHERE dag_id = ? AND run_id = ? AND state = 'queued'")) {
                for (RunKey run : chosen) {
                    Jdbc.setInstant(update, 1, now);
                    update.setString(2, run.dagId());
                    update.setString(3, run.runId());
                    if (update.executeUpdate() == 1) {
                        started.add(run);
                    }
                }
            }
            return started;
        });
    }

    private static List<QueuedRuns> lockQueuedRuns(Connection connection, RunScope scope) throws SQLException {
        Map<String, Integer> limits = new LinkedHashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT d.dag_id, d.max_active_runs FROM dag d WHERE EXISTS (SELECT 1 FROM dag_run dr "
                        + "WHERE dr.dag_id = d.dag_id AND dr.state = 'queued' AND " + scope.condition("dr") + ") "
                        + (scope.respectsPause() ? "AND NOT d.is_paused " : "")
                        + "ORDER BY d.dag_id FOR UPDATE OF d SKIP LOCKED")) {
            scope.bind(lock, 1);
            for (Map.Entry<String, Integer> entry : Jdbc.list(lock,
                    row -> Map.entry(row.getString("dag_id"), row.getInt("max_active_runs")))) {
                limits.put(entry.getKey(), entry.getValue());
            }
        }
        if (limits.isEmpty()) {
            return List.of();
        }
        List<DagRunRecord> runs;
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM dag_run "
                + "WHERE dag_id = ANY (?) AND state IN ('queued', 'running') ORDER BY dag_id, logical_date, created_at")) {
            query.setArray(1, connection.createArrayOf("text", limits.keySet().toArray()));
            runs = Jdbc.list(query, DagRunRepository::map);
        }
        List<QueuedRuns> result = new ArrayList<>();
        limits.forEach((dagId, maxActiveRuns) -> {
            List<DagRunRecord> ofDag = runs.stream().filter(r -> r.dagId().equals(dagId)).toList();
            int running = (int) ofDag.stream().filter(r -> r.state() == DagRunState.RUNNING).count();
            List<DagRunRecord> queued = ofDag.stream().filter(r -> r.state() == DagRunState.QUEUED).toList();
            result.add(new QueuedRuns(dagId, maxActiveRuns, running, queued));
        });
        return result;
    }

    /** Running runs in scope, oldest logical date first, and whether a queued run in scope waits: one statement. */
    public ActiveRuns listActive(RunScope scope) {
        return jdbc.withConnection("list active DAG runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT q.waiting, " + DR_COLUMNS
                    + " FROM (SELECT EXISTS (SELECT 1 FROM dag_run w WHERE w.state = 'queued' AND " + scope.condition("w")
                    + ") AS waiting) q LEFT JOIN dag_run dr ON dr.state = 'running' AND " + scope.condition("dr")
                    + " ORDER BY dr.logical_date, dr.dag_id")) {
                scope.bind(query, scope.bind(query, 1));
                boolean waiting = false;
                List<DagRunRecord> running = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        waiting = rows.getBoolean("waiting");
                        if (rows.getString("dag_id") != null) {
                            running.add(map(rows));
                        }
                    }
                }
                return new ActiveRuns(running, waiting);
            }
        });
    }

    /**
     * Moves a running run to success or failed, if its task instances still say so: locks the run, then reads their
     * states afresh. False when the run is not running (finished elsewhere), or a user cleared or marked one of its
     * task instances since the caller read them (the next loop decides again). A manual change locks the run first
     * too, so that it either lands before this reads or finds the run finished and reopens it.
     */
    public boolean finish(RunKey run, DagRunState state, Instant now) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("a run finishes as success or failed, not " + state);
        }
        return jdbc.inTransaction("finish DAG run " + run, connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT 1 FROM dag_run WHERE dag_id = ? AND run_id = ? AND state = 'running' FOR UPDATE")) {
                lock.setString(1, run.dagId());
                lock.setString(2, run.runId());
                if (Jdbc.first(lock, row -> true).isEmpty()) {
                    return false;
                }
            }
            try (PreparedStatement states = connection.prepareStatement(
                    "SELECT state FROM task_instance WHERE dag_id = ? AND run_id = ?")) {
                states.setString(1, run.dagId());
                states.setString(2, run.runId());
                List<TaskState> current = Jdbc.list(states, row -> TaskState.fromDb(row.getString(1)));
                if (!DagRunState.outcomeOf(current).equals(Optional.of(state))) {
                    return false;
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dag_run SET state = ?, ended_at = ? WHERE dag_id = ? AND run_id = ?")) {
                update.setString(1, state.dbValue());
                Jdbc.setInstant(update, 2, now);
                update.setString(3, run.dagId());
                update.setString(4, run.runId());
                return update.executeUpdate() == 1;
            }
        });
    }

    public Optional<DagRunRecord> find(RunKey run) {
        return jdbc.withConnection("read DAG run " + run, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dag_run WHERE dag_id = ? AND run_id = ?")) {
                query.setString(1, run.dagId());
                query.setString(2, run.runId());
                return Jdbc.first(query, DagRunRepository::map);
            }
        });
    }

    /** Whether any run of each DAG exists at all. */
    public Map<String, Boolean> hasRuns(Collection<String> dagIds) {
        return jdbc.withConnection("look up DAG runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT dag_id FROM dag_run WHERE dag_id = ANY (?)")) {
                query.setArray(1, connection.createArrayOf("text", dagIds.toArray()));
                List<String> withRuns = Jdbc.list(query, row -> row.getString(1));
                Map<String, Boolean> result = new LinkedHashMap<>();
                dagIds.forEach(id -> result.put(id, withRuns.contains(id)));
                return result;
            }
        });
    }

    /** The runs of a DAG, newest logical date first, at most {@code limit}. */
    public List<DagRunRecord> listByDag(String dagId, int limit) {
        return jdbc.withConnection("list runs of DAG " + dagId, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM dag_run "
                    + "WHERE dag_id = ? ORDER BY logical_date DESC, created_at DESC LIMIT ?")) {
                query.setString(1, dagId);
                query.setInt(2, limit);
                return Jdbc.list(query, DagRunRepository::map);
            }
        });
    }

    /** The newest runs of every DAG, at most {@code perDag} each, newest logical date first within a DAG. */
    public Map<String, List<DagRunRecord>> recentByDag(int perDag) {
        return jdbc.withConnection("list recent runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM (SELECT *, "
                    + "row_number() OVER (PARTITION BY dag_id ORDER BY logical_date DESC, created_at DESC) AS n "
                    + "FROM dag_run) r WHERE n <= ? ORDER BY dag_id, n")) {
                query.setInt(1, perDag);
                Map<String, List<DagRunRecord>> recent = new LinkedHashMap<>();
                for (DagRunRecord run : Jdbc.list(query, DagRunRepository::map)) {
                    recent.computeIfAbsent(run.dagId(), id -> new ArrayList<>()).add(run);
                }
                return recent;
            }
        });
    }

    /**
     * The runs of a DAG whose logical date lies in {@code [from, to]} (each bound optional, both included), oldest
     * first.
     */
    public List<DagRunRecord> listByLogicalDate(String dagId, Optional<Instant> from, Optional<Instant> to) {
        return jdbc.withConnection("list runs of DAG " + dagId, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM dag_run "
                    + "WHERE dag_id = ? AND (?::timestamptz IS NULL OR logical_date >= ?) "
                    + "AND (?::timestamptz IS NULL OR logical_date <= ?) ORDER BY logical_date, created_at")) {
                query.setString(1, dagId);
                Jdbc.setInstant(query, 2, from);
                Jdbc.setInstant(query, 3, from);
                Jdbc.setInstant(query, 4, to);
                Jdbc.setInstant(query, 5, to);
                return Jdbc.list(query, DagRunRepository::map);
            }
        });
    }

    static DagRunRecord map(ResultSet row) throws SQLException {
        return new DagRunRecord(new RunKey(row.getString("dag_id"), row.getString("run_id")),
                RunType.fromDb(row.getString("run_type")), DagRunState.fromDb(row.getString("state")),
                Jdbc.requiredInstant(row, "logical_date"), Jdbc.instant(row, "data_interval_start"),
                Jdbc.instant(row, "data_interval_end"), Jdbc.string(row, "conf"), Jdbc.string(row, "created_by"),
                Jdbc.requiredInstant(row, "created_at"), Jdbc.instant(row, "started_at"), Jdbc.instant(row, "ended_at"));
    }
}
