package io.taskpod.store.operate;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies manual actions (clear, mark, end a run) in one transaction each: locks the task instances concerned,
 * decides from their current states ({@link ManualTransitions}), writes the new states with who asked and why (so
 * the transition log has both), asks the scheduler of every queued or running try to stop it
 * ({@code task_instance_stop}), reopens finished runs that have work again, and records the action in the audit
 * log. A worker whose try was changed can no longer record anything for it: its writes are compare-and-sets on the
 * running state.
 */
public final class ManualChangeRepository {

    private static final String LOCK_COLUMNS = "ti.dag_id, ti.run_id, ti.task_id, ti.map_index, ti.state, ti.try_number, "
            + "ti.queued_by";

    private static final String TO_NONE = """
            UPDATE task_instance SET state = 'none', max_tries = try_number + ?, scheduled_at = NULL, queued_at = NULL,
                queued_by = NULL, external_executor_id = NULL, hostname = NULL, pid = NULL, started_at = NULL,
                ended_at = NULL, next_retry_at = NULL, last_heartbeat_at = NULL, failure_reason = NULL,
                stuck_in_queued_count = 0, updated_by = ?, state_reason = ?, updated_at = ?
            WHERE\s""" + TaskInstanceRows.WHERE_ID;
    private static final String TO_RESTARTING = """
            UPDATE task_instance SET state = 'restarting', max_tries = try_number + ?, ended_at = ?, updated_by = ?,
                state_reason = ?, updated_at = ?
            WHERE\s""" + TaskInstanceRows.WHERE_ID;
    private static final String TO_FINAL = """
            UPDATE task_instance SET state = ?, ended_at = ?, next_retry_at = NULL, failure_reason = ?, updated_by = ?,
                state_reason = ?, updated_at = ?
            WHERE\s""" + TaskInstanceRows.WHERE_ID;

    private final Jdbc jdbc;

    public ManualChangeRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What a locked task instance looked like. */
    private record Locked(TaskInstanceId id, TaskState state, int tryNumber, Optional<String> queuedBy) {}

    /**
     * Clears task instances: each gets a new try, with its task's retries counted again from it
     * ({@code retriesById}: the retries of each task instance's task). Finished runs among theirs are queued again.
     */
    public List<TaskChange> clear(Map<TaskInstanceId, Integer> retriesById, Actor actor, String reason, Instant now,
            String auditDetails) {
        return jdbc.inTransaction("clear task instances", connection -> {
            List<TaskChange> changes = new ArrayList<>();
            lockRuns(connection, retriesById.keySet());
            for (Locked row : lock(connection, retriesById.keySet())) {
                Optional<TaskState> to = ManualTransitions.clear(row.state());
                if (to.isEmpty()) {
                    continue;
                }
                int retries = retriesById.get(row.id());
                if (to.get() == TaskState.RESTARTING) {
                    try (PreparedStatement update = connection.prepareStatement(TO_RESTARTING)) {
                        update.setInt(1, retries);
                        Jdbc.setInstant(update, 2, now);
                        update.setString(3, actor.name());
                        update.setString(4, reason);
                        Jdbc.setInstant(update, 5, now);
                        TaskInstanceRows.bindId(update, 6, row.id());
                        update.executeUpdate();
                    }
                    requestStop(connection, row, actor, reason, now);
                } else {
                    try (PreparedStatement update = connection.prepareStatement(TO_NONE)) {
                        update.setInt(1, retries);
                        update.setString(2, actor.name());
                        update.setString(3, reason);
                        Jdbc.setInstant(update, 4, now);
                        TaskInstanceRows.bindId(update, 5, row.id());
                        update.executeUpdate();
                    }
                }
                changes.add(new TaskChange(row.id(), row.tryNumber(), row.state(), to.get(),
                        to.get() == TaskState.RESTARTING));
            }
            reopenRuns(connection, runsOf(changes), DagRunState.QUEUED, actor, reason);
            audit(connection, actor, "clear", changes, auditDetails);
            return changes;
        });
    }

    /**
     * Marks task instances {@code success} or {@code failed}; queued and running tries are stopped. A finished run
     * among theirs is set running again, so that the scheduler decides its outcome anew.
     */
    public List<TaskChange> mark(Collection<TaskInstanceId> ids, TaskState to, Actor actor, String reason, Instant now) {
        return jdbc.inTransaction("mark task instances " + to.dbValue(), connection -> {
            lockRuns(connection, ids);
            List<TaskChange> changes = apply(connection, lock(connection, ids),
                    state -> ManualTransitions.mark(state, to), actor, reason, now);
            reopenRuns(connection, runsOf(changes), DagRunState.RUNNING, actor, reason);
            audit(connection, actor, "mark " + to.dbValue(), changes, reason);
            return changes;
        });
    }

    /**
     * Ends a run as {@code success} or {@code failed} ({@link ManualTransitions#endRun}): its task instances, then the
     * run, with {@code reason} as the run's state reason; a cancel ({@code cancel}) of a finished run, or an end in
     * the run's own state, changes nothing ({@link ManualTransitions#endsRun}). Empty when there is no such run.
     * {@code event} names the action in the audit log ({@code mark success}, {@code cancel}).
     */
    public Optional<RunChange> endRun(RunKey run, DagRunState to, boolean cancel, Actor actor, String event,
            String reason, Instant now) {
        return jdbc.inTransaction(event + " run " + run, connection -> {
            Optional<DagRunState> from = lockRun(connection, run);
            if (from.isEmpty()) {
                return Optional.<RunChange>empty();
            }
            if (!ManualTransitions.endsRun(from.get(), to, cancel)) {
                return Optional.of(new RunChange(run, from.get(), from.get(), List.of()));
            }
            List<Locked> rows = lockTaskInstances(connection, run);
            List<TaskChange> changes = apply(connection, rows, state -> ManualTransitions.endRun(state, to),
                    actor, reason, now);
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE dag_run SET state = ?, started_at = COALESCE(started_at, ?), ended_at = ?, updated_by = ?,
                        state_reason = ?
                    WHERE dag_id = ? AND run_id = ?""")) {
                update.setString(1, to.dbValue());
                Jdbc.setInstant(update, 2, now);
                Jdbc.setInstant(update, 3, now);
                update.setString(4, actor.name());
                update.setString(5, reason);
                update.setString(6, run.dagId());
                update.setString(7, run.runId());
                update.executeUpdate();
            }
            AuditLog.insert(connection, actor, event, Optional.of(run.dagId()), Optional.of(run.runId()),
                    Optional.empty(), Optional.of(reason + "; " + changes.size() + " task instance(s) changed"));
            return Optional.of(new RunChange(run, from.get(), to, changes));
        });
    }

    private List<TaskChange> apply(Connection connection, List<Locked> rows,
            Function<TaskState, Optional<TaskState>> decide, Actor actor, String reason, Instant now)
            throws SQLException {
        List<TaskChange> changes = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(TO_FINAL)) {
            for (Locked row : rows) {
                Optional<TaskState> to = decide.apply(row.state());
                if (to.isEmpty()) {
                    continue;
                }
                boolean stop = ManualTransitions.stopsATry(row.state());
                update.setString(1, to.get().dbValue());
                Jdbc.setInstant(update, 2, now);
                Jdbc.setString(update, 3, to.get() == TaskState.FAILED ? Optional.of(reason) : Optional.empty());
                update.setString(4, actor.name());
                update.setString(5, reason);
                Jdbc.setInstant(update, 6, now);
                TaskInstanceRows.bindId(update, 7, row.id());
                update.addBatch();
                if (stop) {
                    requestStop(connection, row, actor, reason, now);
                }
                changes.add(new TaskChange(row.id(), row.tryNumber(), row.state(), to.get(), stop));
            }
            update.executeBatch();
        }
        return changes;
    }

    /**
     * Locks the runs of {@code ids} before their task instances, as a scheduler finishing a run does
     * ({@link io.taskpod.store.run.DagRunRepository#finish}): it then either reads the states this change writes, or
     * finished the run before, which {@link #reopenRuns} then sees.
     */
    private static void lockRuns(Connection connection, Collection<TaskInstanceId> ids) throws SQLException {
        List<RunKey> runs = ids.stream().map(id -> new RunKey(id.dagId(), id.runId())).distinct().toList();
        if (runs.isEmpty()) {
            return;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM dag_run dr "
                + "JOIN unnest(?::text[], ?::text[]) AS k(dag_id, run_id) ON k.dag_id = dr.dag_id AND k.run_id = dr.run_id "
                + "ORDER BY dr.dag_id, dr.run_id FOR UPDATE OF dr")) {
            query.setArray(1, connection.createArrayOf("text", runs.stream().map(RunKey::dagId).toArray()));
            query.setArray(2, connection.createArrayOf("text", runs.stream().map(RunKey::runId).toArray()));
            Jdbc.list(query, row -> row.getInt(1));
        }
    }

    private static List<Locked> lock(Connection connection, Collection<TaskInstanceId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT " + LOCK_COLUMNS + " FROM task_instance ti "
                + "JOIN unnest(?::text[], ?::text[], ?::text[], ?::int[]) AS k(dag_id, run_id, task_id, map_index) "
                + "ON k.dag_id = ti.dag_id AND k.run_id = ti.run_id AND k.task_id = ti.task_id "
                + "AND k.map_index = ti.map_index ORDER BY ti.dag_id, ti.run_id, ti.task_id, ti.map_index FOR UPDATE OF ti")) {
            query.setArray(1, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::dagId).toArray()));
            query.setArray(2, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::runId).toArray()));
            query.setArray(3, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::taskId).toArray()));
            query.setArray(4, connection.createArrayOf("integer", ids.stream().map(TaskInstanceId::mapIndex).toArray()));
            return Jdbc.list(query, ManualChangeRepository::locked);
        }
    }

    private static List<Locked> lockTaskInstances(Connection connection, RunKey run) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + LOCK_COLUMNS + " FROM task_instance ti "
                + "WHERE ti.dag_id = ? AND ti.run_id = ? ORDER BY ti.task_id, ti.map_index FOR UPDATE")) {
            query.setString(1, run.dagId());
            query.setString(2, run.runId());
            return Jdbc.list(query, ManualChangeRepository::locked);
        }
    }

    private static Optional<DagRunState> lockRun(Connection connection, RunKey run) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ? FOR UPDATE")) {
            query.setString(1, run.dagId());
            query.setString(2, run.runId());
            return Jdbc.first(query, row -> DagRunState.fromDb(row.getString(1)));
        }
    }

    private static Locked locked(ResultSet row) throws SQLException {
        return new Locked(new TaskInstanceId(row.getString("dag_id"), row.getString("task_id"), row.getString("run_id"),
                row.getInt("map_index")), TaskState.fromDb(row.getString("state")), row.getInt("try_number"),
                Jdbc.string(row, "queued_by"));
    }

    private static void requestStop(Connection connection, Locked row, Actor actor, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO task_instance_stop (dag_id, run_id, task_id, map_index, try_number, scheduler_id,
                                                requested_by, reason, requested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, row.id().dagId());
            insert.setString(2, row.id().runId());
            insert.setString(3, row.id().taskId());
            insert.setInt(4, row.id().mapIndex());
            insert.setInt(5, row.tryNumber());
            Jdbc.setString(insert, 6, row.queuedBy());
            insert.setString(7, actor.name());
            insert.setString(8, reason);
            Jdbc.setInstant(insert, 9, now);
            insert.executeUpdate();
        }
    }

    private static Set<RunKey> runsOf(List<TaskChange> changes) {
        Set<RunKey> runs = new LinkedHashSet<>();
        changes.forEach(change -> runs.add(new RunKey(change.id().dagId(), change.id().runId())));
        return runs;
    }

    private static void reopenRuns(Connection connection, Set<RunKey> runs, DagRunState to, Actor actor, String reason)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE dag_run SET state = ?, ended_at = NULL, updated_by = ?, state_reason = ?
                WHERE dag_id = ? AND run_id = ? AND state IN ('success', 'failed')""")) {
            for (RunKey run : runs) {
                update.setString(1, to.dbValue());
                update.setString(2, actor.name());
                update.setString(3, reason);
                update.setString(4, run.dagId());
                update.setString(5, run.runId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void audit(Connection connection, Actor actor, String event, List<TaskChange> changes,
            String details) throws SQLException {
        Set<RunKey> runs = runsOf(changes);
        Set<String> dags = new LinkedHashSet<>();
        Set<String> tasks = new LinkedHashSet<>();
        changes.forEach(change -> {
            dags.add(change.id().dagId());
            tasks.add(change.id().taskId());
        });
        AuditLog.insert(connection, actor, event, single(dags), single(runs.stream().map(RunKey::runId).toList()),
                single(tasks), Optional.of(details + "; " + changes.size() + " task instance(s) in " + runs.size()
                        + " run(s) changed"));
    }

    private static Optional<String> single(Collection<String> values) {
        return values.size() == 1 ? Optional.of(values.iterator().next()) : Optional.empty();
    }
}
