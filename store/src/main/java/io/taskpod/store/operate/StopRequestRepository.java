package io.taskpod.store.operate;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.task.TaskInstanceRows;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's side of {@code task_instance_stop}: the stops it has to carry out, and marking one done (which lets
 * a {@code restarting} task instance wait for its next try).
 */
public final class StopRequestRepository {

    private final Jdbc jdbc;

    public StopRequestRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stops {@code schedulerId} has to carry out, and, when {@code orphanedBefore} is given, those asked before
     * it of a scheduler that is not running with a heartbeat since {@code liveSince} (or of none): nobody else will
     * stop those tries, and their workers have long noticed that their try was taken away.
     */
    public List<StopRequest> pending(String schedulerId, Optional<Instant> orphanedBefore, Instant liveSince) {
        return jdbc.withConnection("read stop requests", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TaskInstanceRows.COLUMNS
                    + ", s.try_number AS stop_try, s.scheduler_id, s.requested_by, s.reason, s.requested_at "
                    + "FROM task_instance_stop s JOIN task_instance ti ON ti.dag_id = s.dag_id AND ti.run_id = s.run_id "
                    + "AND ti.task_id = s.task_id AND ti.map_index = s.map_index "
                    + "WHERE s.scheduler_id = ? OR (?::timestamptz IS NOT NULL AND s.requested_at < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM scheduler sc WHERE sc.id = s.scheduler_id AND sc.state = 'running' "
                    + "AND sc.last_heartbeat_at >= ?)) ORDER BY s.requested_at LIMIT 1000")) {
                query.setString(1, schedulerId);
                Jdbc.setInstant(query, 2, orphanedBefore);
                Jdbc.setInstant(query, 3, orphanedBefore);
                Jdbc.setInstant(query, 4, liveSince);
                return Jdbc.list(query, row -> {
                    TaskInstance current = TaskInstanceRows.map(row);
                    int stopTry = row.getInt("stop_try");
                    TaskInstance stopped = new TaskInstance(current.key().withTryNumber(stopTry), current.state(),
                            current.queue(), current.executor(), current.priorityWeight(), current.maxTries(),
                            current.queuedBy(), current.externalExecutorId(), current.hostname(),
                            current.launchAttempt(), current.queuedAt(), current.startedAt(), current.endedAt(),
                            current.lastHeartbeatAt(), current.failureReason());
                    boolean restarting = current.state() == TaskState.RESTARTING && current.key().tryNumber() == stopTry;
                    return new StopRequest(stopped, restarting, Jdbc.string(row, "scheduler_id"),
                            row.getString("requested_by"), row.getString("reason"), Jdbc.requiredInstant(row, "requested_at"));
                });
            }
        });
    }

    /**
     * Records that the try was stopped: deletes the request and, when the task instance is still {@code restarting}
     * at that try, lets it wait for its next try ({@code none}). Returns whether it was released that way.
     */
    public boolean done(StopRequest request, String schedulerId, Instant now) {
        TaskInstanceKey key = request.key();
        return jdbc.inTransaction("finish the stop of " + key, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM task_instance_stop WHERE " + TaskInstanceRows.WHERE_ID + " AND try_number = ?")) {
                int next = TaskInstanceRows.bindId(delete, 1, key.id());
                delete.setInt(next, key.tryNumber());
                delete.executeUpdate();
            }
            try (PreparedStatement release = connection.prepareStatement("""
                    UPDATE task_instance SET state = 'none', scheduled_at = NULL, queued_at = NULL, queued_by = NULL,
                        external_executor_id = NULL, hostname = NULL, pid = NULL, started_at = NULL, ended_at = NULL,
                        next_retry_at = NULL, last_heartbeat_at = NULL, failure_reason = NULL,
                        stuck_in_queued_count = 0, updated_by = ?, state_reason = ?, updated_at = ?
                    WHERE""" + " " + TaskInstanceRows.WHERE_ID + " AND state = 'restarting' AND try_number = ?")) {
                release.setString(1, schedulerId);
                release.setString(2, "try " + key.tryNumber() + " stopped; cleared by " + request.requestedBy()
                        + ", waiting for the next try");
                Jdbc.setInstant(release, 3, now);
                int next = TaskInstanceRows.bindId(release, 4, key.id());
                release.setInt(next, key.tryNumber());
                return release.executeUpdate() == 1;
            }
        });
    }
}
