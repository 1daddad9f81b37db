package io.taskpod.store.scheduler;

import io.taskpod.store.AdvisoryLocks;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * A session-level advisory lock on a scheduler id, held on a dedicated connection (outside the pool, so the pool
 * never recycles it) for as long as the scheduler runs: two live processes cannot use the same id. When the
 * process dies its session ends and the lock is free at once; when the connection breaks (database restart), the
 * scheduler calls {@link #acquire()} again.
 *
 * <p>The connection's {@code application_name} carries a token unique to this object, so a holder can be told
 * apart as "an old session of this very process" (a network break the server has not noticed yet) or "another
 * process".
 */
public final class SchedulerIdLock implements AutoCloseable {

    /** What {@link #acquire()} found. */
    public sealed interface Outcome {}

    /** This process holds the lock. */
    public record Held() implements Outcome {}

    /**
     * Another session holds it.
     *
     * @param ownSession true when the holder is an older session of this same process
     */
    public record HeldElsewhere(int backendPid, String applicationName, Optional<Instant> backendStart,
            boolean ownSession) implements Outcome {}

    private static final int VALIDATION_TIMEOUT_SECONDS = 3;

    private final DatabaseSettings settings;
    private final String schedulerId;
    private final long key;
    private final String applicationName;
    private Connection connection;

    public SchedulerIdLock(DatabaseSettings settings, String schedulerId) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.schedulerId = Objects.requireNonNull(schedulerId, "schedulerId");
        this.key = AdvisoryLocks.schedulerId(schedulerId);
        this.applicationName = "taskpod-scheduler-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /**
     * Makes sure the lock is held: a no-op while the dedicated connection is alive; otherwise reconnects and tries
     * to take the lock. Throws {@link StoreException} when the database cannot be reached.
     */
    public synchronized Outcome acquire() {
        try {
            if (connection != null && connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return new Held();
            }
            closeQuietly();
            connection = connect();
            if (tryLock(connection)) {
                return new Held();
            }
            HeldElsewhere holder = holder(connection);
            closeQuietly();
            return holder;
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("could not lock scheduler id " + schedulerId + " on " + settings.redactedUrl(), e);
        }
    }

    /** Ends the database session holding the lock (a dead process's or a stale one of ours); true when it ended. */
    public synchronized boolean terminateHolder(int backendPid) {
        try (Connection admin = connect();
                PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, backendPid);
            return Jdbc.first(terminate, row -> row.getBoolean(1)).orElse(false);
        } catch (SQLException e) {
            throw new StoreException("could not end the session holding scheduler id " + schedulerId, e);
        }
    }

    public String schedulerId() {
        return schedulerId;
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.url(), properties);
    }

    private boolean tryLock(Connection session) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            return Jdbc.first(lock, row -> row.getBoolean(1)).orElse(false);
        }
    }

    private HeldElsewhere holder(Connection session) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("""
                SELECT a.pid, a.application_name, a.backend_start
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND l.classid::bigint = ? AND l.objid::bigint = ?""")) {
            query.setLong(1, key >>> 32);
            query.setLong(2, key & 0xFFFF_FFFFL);
            return Jdbc.first(query, row -> new HeldElsewhere(row.getInt(1), row.getString(2),
                            Jdbc.instant(row, "backend_start"), applicationName.equals(row.getString(2))))
                    .orElse(new HeldElsewhere(0, "", Optional.empty(), false));
        }
    }

    private void closeQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session is gone either way; the server releases its locks
        }
        connection = null;
    }

    /** Releases the lock by ending the dedicated session. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
