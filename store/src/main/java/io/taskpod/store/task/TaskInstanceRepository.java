package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code task_instance} table as the scheduler uses it. Every state change is a compare-and-set on the
 * state and try number the caller saw ({@code WHERE state = ? AND try_number = ?}): it returns false and changes
 * nothing when another scheduler or a worker got there first. Each change records who made it and why in
 * {@code updated_by} and {@code state_reason}, which the database copies into the transition log.
 */
public final class TaskInstanceRepository {

    private static final String FROM_TI = " FROM task_instance ti ";

    private final Jdbc jdbc;

    public TaskInstanceRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TaskInstance> find(TaskInstanceId id) {
        return jdbc.withConnection("read task instance " + id, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + TaskInstanceRows.COLUMNS + FROM_TI + "WHERE " + TaskInstanceRows.WHERE_ID)) {
                TaskInstanceRows.bindId(query, 1, id);
                return Jdbc.first(query, TaskInstanceRows::map);
            }
        });
    }

    /** The task instances with these ids that exist, in no particular order. */
    public List<TaskInstance> findAll(Collection<TaskInstanceId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.withConnection("read task instances", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS + FROM_TI
                    + "JOIN unnest(?::text[], ?::text[], ?::text[], ?::int[]) AS k(dag_id, run_id, task_id, map_index) "
                    + "ON k.dag_id = ti.dag_id AND k.run_id = ti.run_id AND k.task_id = ti.task_id "
                    + "AND k.map_index = ti.map_index")) {
                query.setArray(1, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::dagId).toArray()));
                query.setArray(2, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::runId).toArray()));
                query.setArray(3, connection.createArrayOf("text", ids.stream().map(TaskInstanceId::taskId).toArray()));
                query.setArray(4, connection.createArrayOf("int4", ids.stream().map(TaskInstanceId::mapIndex).toArray()));
                return Jdbc.list(query, TaskInstanceRows::map);
            }
        });
    }

    /** The task instances of one run, by task id and map index. */
    public List<TaskInstance> listByRun(RunKey run) {
        return listByRuns(List.of(run));
    }

    /** The task instances of the given runs, by run, task id and map index. */
    public List<TaskInstance> listByRuns(Collection<RunKey> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        return jdbc.withConnection("read task instances", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS + FROM_TI
                    + "JOIN unnest(?::text[], ?::text[]) AS r(dag_id, run_id) ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id "
                    + "ORDER BY ti.dag_id, ti.run_id, ti.task_id, ti.map_index")) {
                query.setArray(1, connection.createArrayOf("text", runs.stream().map(RunKey::dagId).toArray()));
                query.setArray(2, connection.createArrayOf("text", runs.stream().map(RunKey::runId).toArray()));
                return Jdbc.list(query, TaskInstanceRows::map);
            }
        });
    }

    /**
     * Applies dependency transitions in one statement; returns those applied (a row that changed meanwhile is
     * skipped). Going to {@code scheduled} starts a new try: the try number goes up by one.
     */
    public List<DependencyTransition> applyDependencyTransitions(List<DependencyTransition> transitions, String actor,
            Instant now) {
        if (transitions.isEmpty()) {
            return List.of();
        }
        return jdbc.withConnection("apply dependency transitions", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task_instance ti SET
                        state = t.to_state,
                        try_number = CASE WHEN t.to_state = 'scheduled' THEN ti.try_number + 1 ELSE ti.try_number END,
                        scheduled_at = CASE WHEN t.to_state = 'scheduled' THEN ? ELSE ti.scheduled_at END,
                        ended_at = CASE WHEN t.to_state = 'scheduled' THEN NULL ELSE ? END,
                        stuck_in_queued_count = 0, queued_by = NULL, queued_at = NULL, external_executor_id = NULL,
                        next_retry_at = NULL, updated_by = ?, state_reason = t.reason, updated_at = ?
                    FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[], ?::text[])
                        AS t(position, dag_id, run_id, task_id, map_index, from_state, try_number, to_state, reason)
                    WHERE ti.dag_id = t.dag_id AND ti.run_id = t.run_id AND ti.task_id = t.task_id
                      AND ti.map_index = t.map_index AND ti.state = t.from_state AND ti.try_number = t.try_number
                    RETURNING t.position""")) {
                Jdbc.setInstant(update, 1, now);
                Jdbc.setInstant(update, 2, now);
                update.setString(3, actor);
                Jdbc.setInstant(update, 4, now);
                int n = transitions.size();
                Object[] positions = new Object[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = i;
                }
                update.setArray(5, connection.createArrayOf("int4", positions));
                update.setArray(6, connection.createArrayOf("text", transitions.stream().map(t -> t.key().dagId()).toArray()));
                update.setArray(7, connection.createArrayOf("text", transitions.stream().map(t -> t.key().runId()).toArray()));
                update.setArray(8, connection.createArrayOf("text", transitions.stream().map(t -> t.key().taskId()).toArray()));
                update.setArray(9, connection.createArrayOf("int4", transitions.stream().map(t -> t.key().mapIndex()).toArray()));
                update.setArray(10, connection.createArrayOf("text", transitions.stream().map(t -> t.from().dbValue()).toArray()));
                update.setArray(11, connection.createArrayOf("int4", transitions.stream().map(t -> t.key().tryNumber()).toArray()));
                update.setArray(12, connection.createArrayOf("text", transitions.stream().map(t -> t.to().dbValue()).toArray()));
                update.setArray(13, connection.createArrayOf("text", transitions.stream().map(DependencyTransition::reason).toArray()));
                List<Integer> applied = Jdbc.list(update, row -> row.getInt(1));
                return applied.stream().sorted().map(transitions::get).toList();
            }
        });
    }

    /**
     * Moves {@code up_for_retry} task instances whose {@code next_retry_at} has passed to {@code scheduled} with the
     * next try number, for running runs in scope. Returns the new keys.
     */
    public List<TaskInstanceKey> scheduleDueRetries(RunScope scope, Instant now, String actor) {
        return jdbc.withConnection("schedule due retries", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task_instance ti SET state = 'scheduled', try_number = ti.try_number + 1, scheduled_at = ?,
                        stuck_in_queued_count = 0, queued_by = NULL, queued_at = NULL, external_executor_id = NULL,
                        started_at = NULL, ended_at = NULL, next_retry_at = NULL, hostname = NULL,
                        updated_by = ?, state_reason = 'retry delay passed', updated_at = ?
                    FROM dag_run dr
                    WHERE dr.dag_id = ti.dag_id AND dr.run_id = ti.run_id AND dr.state = 'running'
                      AND ti.state = 'up_for_retry' AND (ti.next_retry_at IS NULL OR ti.next_retry_at <= ?) AND\s"""
                    + scope.condition("dr") + " RETURNING ti.dag_id, ti.task_id, ti.run_id, ti.try_number, ti.map_index")) {
                Jdbc.setInstant(update, 1, now);
                update.setString(2, actor);
                Jdbc.setInstant(update, 3, now);
                Jdbc.setInstant(update, 4, now);
                scope.bind(update, 5);
                return Jdbc.list(update, row -> new TaskInstanceKey(row.getString(1), row.getString(2), row.getString(3),
                        row.getInt(4), row.getInt(5)));
            }
        });
    }

    /**
     * Ends a try as a failure decided outside the worker (killed externally, zombie, stuck in queued): to
     * {@code up_for_retry} with {@code nextRetryAt}, or to {@code failed}. The reason is kept as
     * {@code failure_reason}.
     */
    public boolean failTry(TaskInstanceKey key, TaskState from, TaskState to, Optional<Instant> nextRetryAt,
            String failureReason, String actor, Instant now) {
        if (to != TaskState.FAILED && to != TaskState.UP_FOR_RETRY) {
            throw new IllegalArgumentException("a failed try becomes failed or up_for_retry, not " + to);
        }
        return jdbc.withConnection("fail " + key, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task_instance SET state = ?, next_retry_at = ?, ended_at = ?, failure_reason = ?,
                        updated_by = ?, state_reason = ?, updated_at = ?
                    WHERE""" + " " + TaskInstanceRows.WHERE_ID + " AND state = ? AND try_number = ?")) {
                update.setString(1, to.dbValue());
                Jdbc.setInstant(update, 2, nextRetryAt);
                Jdbc.setInstant(update, 3, now);
                update.setString(4, failureReason);
                update.setString(5, actor);
                update.setString(6, failureReason);
                Jdbc.setInstant(update, 7, now);
                int next = TaskInstanceRows.bindId(update, 8, key.id());
                update.setString(next, from.dbValue());
                update.setInt(next + 1, key.tryNumber());
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Puts a queued try back to {@code scheduled} keeping its try number, so it is queued again, only if it is still
     * the launch the caller read: queued by {@code queuedBy} as {@code launchAttempt}. This is a compare-and-set
     * against a sibling scheduler that adopted the try, or reset and queued it again, between the caller's read and
     * this write: that launch is left alone. Used for tries never launched, tries of dead schedulers nobody adopted,
     * and tries stuck in queued ({@code stuck} counts one more stuck-in-queued requeue of the try).
     */
    public boolean requeueLaunch(TaskInstanceKey key, Optional<String> queuedBy, int launchAttempt, boolean stuck,
            String actor, String reason, Instant now) {
        return jdbc.withConnection("requeue " + key, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task_instance SET state = 'scheduled', scheduled_at = ?, queued_by = NULL, queued_at = NULL,
                        external_executor_id = NULL, hostname = NULL, started_at = NULL,
                        stuck_in_queued_count = stuck_in_queued_count + CASE WHEN ? THEN 1 ELSE 0 END,
                        updated_by = ?, state_reason = ?, updated_at = ?
                    WHERE""" + " " + TaskInstanceRows.WHERE_ID
                    + " AND state = 'queued' AND try_number = ? AND queued_by IS NOT DISTINCT FROM ?"
                    + " AND launch_attempt = ?")) {
                Jdbc.setInstant(update, 1, now);
                update.setBoolean(2, stuck);
                update.setString(3, actor);
                update.setString(4, reason);
                Jdbc.setInstant(update, 5, now);
                int next = TaskInstanceRows.bindId(update, 6, key.id());
                update.setInt(next, key.tryNumber());
                update.setString(next + 1, queuedBy.orElse(null));
                update.setInt(next + 2, launchAttempt);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Makes {@code newOwner} the scheduler of a queued or running try it took over; false when the row is no
     * longer in {@code from} with this try, or no longer belongs to {@code previousOwner}.
     */
    public boolean adopt(TaskInstanceKey key, TaskState from, Optional<String> previousOwner, String newOwner,
            String reason, Instant now) {
        return jdbc.withConnection("adopt " + key, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task_instance SET queued_by = ?, updated_by = ?, state_reason = ?, updated_at = ?
                    WHERE""" + " " + TaskInstanceRows.WHERE_ID
                    + " AND state = ? AND try_number = ? AND queued_by IS NOT DISTINCT FROM ?")) {
                update.setString(1, newOwner);
                update.setString(2, newOwner);
                update.setString(3, reason);
                Jdbc.setInstant(update, 4, now);
                int next = TaskInstanceRows.bindId(update, 5, key.id());
                update.setString(next, from.dbValue());
                update.setInt(next + 1, key.tryNumber());
                Jdbc.setString(update, next + 2, previousOwner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Stores where the executor runs queued or running tries (e.g. {@code namespace/pod}), each only while the row is
     * still at that try; returns how many rows changed.
     */
    public int recordExternalExecutorIds(Map<TaskInstanceKey, String> externalExecutorIds) {
        if (externalExecutorIds.isEmpty()) {
            return 0;
        }
        List<Map.Entry<TaskInstanceKey, String>> ids = List.copyOf(externalExecutorIds.entrySet());
        return jdbc.withConnection("record the executor ids of " + ids.size() + " task instances", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE task_instance ti "
                    + "SET external_executor_id = e.external_executor_id "
                    + "FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[]) "
                    + "AS e(dag_id, run_id, task_id, map_index, try_number, external_executor_id) "
                    + "WHERE ti.dag_id = e.dag_id AND ti.run_id = e.run_id AND ti.task_id = e.task_id "
                    + "AND ti.map_index = e.map_index AND ti.try_number = e.try_number "
                    + "AND ti.state IN ('queued', 'running') "
                    + "AND ti.external_executor_id IS DISTINCT FROM e.external_executor_id")) {
                update.setArray(1, connection.createArrayOf("text", ids.stream().map(e -> e.getKey().dagId()).toArray()));
                update.setArray(2, connection.createArrayOf("text", ids.stream().map(e -> e.getKey().runId()).toArray()));
                update.setArray(3, connection.createArrayOf("text", ids.stream().map(e -> e.getKey().taskId()).toArray()));
                update.setArray(4, connection.createArrayOf("int4", ids.stream().map(e -> e.getKey().mapIndex()).toArray()));
                update.setArray(5, connection.createArrayOf("int4", ids.stream().map(e -> e.getKey().tryNumber()).toArray()));
                update.setArray(6, connection.createArrayOf("text", ids.stream().map(Map.Entry::getValue).toArray()));
                return update.executeUpdate();
            }
        });
    }

    /** Queued or running task instances the given scheduler queued (or adopted). */
    public List<TaskInstance> findExecutingQueuedBy(String schedulerId) {
        return jdbc.withConnection("read task instances of scheduler " + schedulerId, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS + FROM_TI
                    + "WHERE ti.state IN ('queued', 'running') AND ti.queued_by = ? ORDER BY ti.queued_at")) {
                query.setString(1, schedulerId);
                return Jdbc.list(query, TaskInstanceRows::map);
            }
        });
    }

    /**
     * Queued or running task instances of running runs in scope whose scheduler is not among
     * {@code liveSchedulerIds} (or that have none): orphans to adopt or reset.
     */
    public List<TaskInstance> findOrphans(Collection<String> liveSchedulerIds, RunScope scope) {
        return jdbc.withConnection("find orphaned task instances", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS + FROM_TI
                    + "JOIN dag_run dr ON dr.dag_id = ti.dag_id AND dr.run_id = ti.run_id "
                    + "WHERE ti.state IN ('queued', 'running') AND dr.state = 'running' "
                    + "AND (ti.queued_by IS NULL OR NOT (ti.queued_by = ANY (?))) AND " + scope.condition("dr")
                    + " ORDER BY ti.queued_at")) {
                query.setArray(1, connection.createArrayOf("text", liveSchedulerIds.toArray()));
                scope.bind(query, 2);
                return Jdbc.list(query, TaskInstanceRows::map);
            }
        });
    }

    /** Task instances the scheduler queued before {@code queuedBefore} that are still queued. */
    public List<StuckTask> findQueuedBefore(String schedulerId, Instant queuedBefore) {
        return jdbc.withConnection("find task instances stuck in queued", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS
                    + ", ti.stuck_in_queued_count" + FROM_TI
                    + "WHERE ti.state = 'queued' AND ti.queued_by = ? AND ti.queued_at < ? ORDER BY ti.queued_at")) {
                query.setString(1, schedulerId);
                Jdbc.setInstant(query, 2, queuedBefore);
                return Jdbc.list(query, row -> new StuckTask(TaskInstanceRows.map(row), row.getInt("stuck_in_queued_count")));
            }
        });
    }

    /**
     * Running task instances owned by the scheduler (or by none) whose worker has not heartbeaten since
     * {@code heartbeatBefore} (falling back to the start time when it never heartbeat): zombies.
     */
    public List<TaskInstance> findRunningWithoutHeartbeat(String schedulerId, Instant heartbeatBefore) {
        return jdbc.withConnection("find task instances without heartbeat", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS + FROM_TI
                    + "WHERE ti.state = 'running' AND (ti.queued_by = ? OR ti.queued_by IS NULL) "
                    + "AND COALESCE(ti.last_heartbeat_at, ti.started_at, ti.updated_at) < ? ORDER BY ti.started_at")) {
                query.setString(1, schedulerId);
                Jdbc.setInstant(query, 2, heartbeatBefore);
                return Jdbc.list(query, TaskInstanceRows::map);
            }
        });
    }
}
