package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.AdvisoryLocks;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The queueing critical section (Airflow's {@code _executable_task_instances_to_queued}). In one transaction:
 * take a transaction-level advisory lock (if another scheduler holds it, give up at once, like Airflow's NOWAIT);
 * lock the scheduled task instances of running runs of unpaused DAGs (paused ones too for a {@code dags test}
 * scope) in priority order ({@code FOR UPDATE SKIP LOCKED});
 * let the caller's chooser pick within its limits; mark the chosen ones {@code queued} by this scheduler with
 * {@code launch_attempt + 1}; commit. Only after the commit does the caller hand them to an executor, so a crash
 * between the two leaves queued rows that the stuck-in-queued and adoption passes recover, never a task that
 * runs without a row saying so.
 */
public final class QueueingRepository {

    private final Jdbc jdbc;

    public QueueingRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs the critical section once.
     *
     * @param dagIds the DAGs this scheduler has loaded; only their task instances are considered
     * @param candidateLimit most candidates read (the chooser may take fewer)
     * @param filter the task instances left unread because no executor could take them now
     * @param chooser picks which candidates to queue, in the order given; must not do I/O
     */
    public QueueingResult queueScheduled(RunScope scope, Collection<String> dagIds, int candidateLimit,
            CandidateFilter filter, String schedulerId, Instant now,
            Function<QueueingSnapshot, List<TaskInstanceId>> chooser) {
        if (dagIds.isEmpty() || candidateLimit <= 0) {
            return new QueueingResult.Queued(List.of());
        }
        return jdbc.inTransaction("queue scheduled task instances", connection -> {
            if (!tryLock(connection)) {
                return new QueueingResult.Busy();
            }
            QueueingSnapshot snapshot = lockCandidates(connection, scope, dagIds, candidateLimit, filter);
            if (snapshot.candidates().isEmpty()) {
                return new QueueingResult.Queued(List.of());
            }
            List<TaskInstanceId> chosen = chooser.apply(snapshot);
            return new QueueingResult.Queued(markQueued(connection, snapshot.candidates(), chosen, schedulerId, now));
        });
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, AdvisoryLocks.CRITICAL_SECTION);
            return Jdbc.first(lock, row -> row.getBoolean(1)).orElse(false);
        }
    }

    /**
     * Scheduled task instances of running runs of unpaused, loaded DAGs, highest priority first, then oldest run,
     * then longest scheduled. DAGs already at their {@code max_active_tasks}, and task instances the filter names
     * (no executor could take them now), are left out here so that they do not fill the candidate list and starve
     * the others; the chooser applies the exact limits, with how many task instances of each candidate's DAG are
     * queued or running, read by the same statement. The order is found on the keys alone (a top-N sort, however many
     * task instances are scheduled), then only those rows are read and locked; one that changed meanwhile is left
     * out.
     */
    private static QueueingSnapshot lockCandidates(Connection connection, RunScope scope, Collection<String> dagIds,
            int limit, CandidateFilter filter) throws SQLException {
        String order = "priority_weight DESC, logical_date, scheduled_at, dag_id, run_id, task_id, map_index";
        try (PreparedStatement query = connection.prepareStatement("WITH executing AS ("
                + "  SELECT dag_id, count(*) AS n FROM task_instance WHERE state IN ('queued', 'running') GROUP BY dag_id), "
                + "picked AS ("
                + "  SELECT ti.dag_id, ti.run_id, ti.task_id, ti.map_index, ti.priority_weight, dr.logical_date, "
                + "    ti.scheduled_at, d.max_active_tasks, COALESCE(e.n, 0) AS executing FROM task_instance ti "
                + "  JOIN dag_run dr ON dr.dag_id = ti.dag_id AND dr.run_id = ti.run_id "
                + "  JOIN dag d ON d.dag_id = ti.dag_id "
                + "  LEFT JOIN executing e ON e.dag_id = ti.dag_id "
                + "  WHERE ti.state = 'scheduled' AND dr.state = 'running' AND ti.dag_id = ANY (?) "
                + (scope.respectsPause() ? "AND NOT d.is_paused " : "")
                + "  AND d.max_active_tasks > COALESCE(e.n, 0) AND " + scope.condition("dr") + filter.condition("ti")
                + "  ORDER BY " + order + " LIMIT ?) "
                + "SELECT " + TaskInstanceRows.COLUMNS + ", p.max_active_tasks, p.executing FROM picked p "
                + "JOIN task_instance ti ON ti.dag_id = p.dag_id AND ti.run_id = p.run_id AND ti.task_id = p.task_id "
                + "AND ti.map_index = p.map_index WHERE ti.state = 'scheduled' "
                + "ORDER BY " + order.replaceAll("(^|, )", "$1p.") + " FOR UPDATE OF ti SKIP LOCKED")) {
            query.setArray(1, connection.createArrayOf("text", dagIds.toArray()));
            int next = filter.bind(connection, query, scope.bind(query, 2));
            query.setInt(next, limit);
            Map<String, Integer> executing = new LinkedHashMap<>();
            List<QueueCandidate> candidates = Jdbc.list(query, row -> {
                QueueCandidate candidate = new QueueCandidate(TaskInstanceRows.map(row), row.getInt("max_active_tasks"));
                executing.put(candidate.taskInstance().key().dagId(), row.getInt("executing"));
                return candidate;
            });
            return new QueueingSnapshot(candidates, executing);
        }
    }

    private static List<TaskInstance> markQueued(Connection connection, List<QueueCandidate> candidates,
            List<TaskInstanceId> chosen, String schedulerId, Instant now) throws SQLException {
        if (chosen.isEmpty()) {
            return List.of();
        }
        Map<TaskInstanceId, TaskInstance> byId = new LinkedHashMap<>();
        candidates.forEach(c -> byId.put(c.taskInstance().id(), c.taskInstance()));
        List<TaskInstance> picked = new ArrayList<>();
        for (TaskInstanceId id : chosen) {
            TaskInstance candidate = byId.get(id);
            if (candidate == null) {
                throw new IllegalArgumentException("the chooser returned " + id + ", which is not a candidate");
            }
            picked.add(candidate);
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE task_instance ti SET state = 'queued', "
                + "queued_at = ?, queued_by = ?, launch_attempt = ti.launch_attempt + 1, external_executor_id = NULL, "
                + "updated_by = ?, state_reason = 'queued', updated_at = ? "
                + "FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[]) "
                + "AS c(position, dag_id, run_id, task_id, map_index, try_number) "
                + "WHERE ti.dag_id = c.dag_id AND ti.run_id = c.run_id AND ti.task_id = c.task_id "
                + "AND ti.map_index = c.map_index AND ti.state = 'scheduled' AND ti.try_number = c.try_number "
                + "RETURNING c.position, " + TaskInstanceRows.COLUMNS)) {
            Jdbc.setInstant(update, 1, now);
            update.setString(2, schedulerId);
            update.setString(3, schedulerId);
            Jdbc.setInstant(update, 4, now);
            Object[] positions = new Object[picked.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
            update.setArray(5, connection.createArrayOf("int4", positions));
            update.setArray(6, connection.createArrayOf("text", picked.stream().map(ti -> ti.key().dagId()).toArray()));
            update.setArray(7, connection.createArrayOf("text", picked.stream().map(ti -> ti.key().runId()).toArray()));
            update.setArray(8, connection.createArrayOf("text", picked.stream().map(ti -> ti.key().taskId()).toArray()));
            update.setArray(9, connection.createArrayOf("int4", picked.stream().map(ti -> ti.key().mapIndex()).toArray()));
            update.setArray(10, connection.createArrayOf("int4", picked.stream().map(ti -> ti.key().tryNumber()).toArray()));
            Map<Integer, TaskInstance> queued = new TreeMap<>();
            for (Map.Entry<Integer, TaskInstance> row : Jdbc.list(update,
                    rs -> Map.entry(rs.getInt("position"), TaskInstanceRows.map(rs)))) {
                queued.put(row.getKey(), row.getValue());
            }
            return List.copyOf(queued.values());
        }
    }
}
