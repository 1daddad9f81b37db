package io.taskpod.store.scheduler;

import io.taskpod.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code scheduler} table: which schedulers exist, their heartbeats, and which are dead. */
public final class SchedulerRepository {

    private static final String COLUMNS = "id, hostname, pid, state, executors, started_at, last_heartbeat_at, ended_at";

    private final Jdbc jdbc;

    public SchedulerRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the row, or restarts an existing one (same id after a restart): running, heartbeat now. */
    public void register(String id, String hostname, long pid, List<String> executors, Instant now) {
        jdbc.withConnection("register scheduler " + id, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO scheduler (id, hostname, pid, state, executors, started_at, last_heartbeat_at)
                    VALUES (?, ?, ?, 'running', ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, pid = excluded.pid, state = 'running',
                        executors = excluded.executors, started_at = excluded.started_at,
                        last_heartbeat_at = excluded.last_heartbeat_at, ended_at = NULL""")) {
                upsert.setString(1, id);
                upsert.setString(2, hostname);
                upsert.setLong(3, pid);
                upsert.setString(4, String.join(",", executors));
                Jdbc.setInstant(upsert, 5, now);
                Jdbc.setInstant(upsert, 6, now);
                return upsert.executeUpdate();
            }
        });
    }

    /**
     * Records a heartbeat and sets the row running again. Returns the state the row had: {@code FAILED} means
     * another scheduler declared this one dead meanwhile (and may have adopted its task instances); empty means
     * the row is gone.
     */
    public Optional<SchedulerState> heartbeat(String id, Instant now) {
        return jdbc.withConnection("heartbeat scheduler " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE scheduler s SET last_heartbeat_at = ?, state = 'running', ended_at = NULL
                    FROM scheduler old WHERE s.id = ? AND old.id = s.id
                    RETURNING old.state""")) {
                Jdbc.setInstant(update, 1, now);
                update.setString(2, id);
                return Jdbc.first(update, row -> SchedulerState.fromDb(row.getString(1)));
            }
        });
    }

    /** Marks the scheduler stopped (a clean shutdown). */
    public void markStopped(String id, Instant now) {
        jdbc.withConnection("mark scheduler " + id + " stopped", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE scheduler SET state = 'stopped', ended_at = ? WHERE id = ?")) {
                Jdbc.setInstant(update, 1, now);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Marks running schedulers whose last heartbeat is before {@code heartbeatBefore} as failed, except
     * {@code selfId}; returns their ids.
     */
    public List<String> markDeadAsFailed(Instant heartbeatBefore, String selfId, Instant now) {
        return jdbc.withConnection("mark dead schedulers failed", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE scheduler SET state = 'failed', ended_at = ?
                    WHERE state = 'running' AND last_heartbeat_at < ? AND id <> ? RETURNING id""")) {
                Jdbc.setInstant(update, 1, now);
                Jdbc.setInstant(update, 2, heartbeatBefore);
                update.setString(3, selfId);
                return Jdbc.list(update, row -> row.getString(1));
            }
        });
    }

    /** Ids of running schedulers whose heartbeat is at or after {@code heartbeatSince}. */
    public List<String> liveIds(Instant heartbeatSince) {
        return jdbc.withConnection("list live schedulers", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM scheduler WHERE state = 'running' AND last_heartbeat_at >= ? ORDER BY id")) {
                Jdbc.setInstant(query, 1, heartbeatSince);
                return Jdbc.list(query, row -> row.getString(1));
            }
        });
    }

    public Optional<SchedulerRecord> find(String id) {
        return jdbc.withConnection("read scheduler " + id, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM scheduler WHERE id = ?")) {
                query.setString(1, id);
                return Jdbc.first(query, SchedulerRepository::map);
            }
        });
    }

    /** The schedulers in state {@code running}, whatever their heartbeat; stopped and failed rows are left out. */
    public List<SchedulerRecord> listRunning() {
        return jdbc.withConnection("list running schedulers", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM scheduler WHERE state = 'running' ORDER BY id")) {
                return Jdbc.list(query, SchedulerRepository::map);
            }
        });
    }

    private static SchedulerRecord map(ResultSet row) throws SQLException {
        long pid = row.getLong("pid");
        Optional<Long> maybePid = row.wasNull() ? Optional.empty() : Optional.of(pid);
        String executors = row.getString("executors");
        return new SchedulerRecord(row.getString("id"), row.getString("hostname"), maybePid,
                SchedulerState.fromDb(row.getString("state")),
                executors.isBlank() ? List.of() : Arrays.asList(executors.split(",")),
                Jdbc.requiredInstant(row, "started_at"), Jdbc.requiredInstant(row, "last_heartbeat_at"),
                Jdbc.instant(row, "ended_at"));
    }
}
