package io.taskpod.store.worker;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.core.port.TryStore;
import io.taskpod.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The task-instance reads and writes of whoever runs a try: a pod's worker ({@code taskpod tasks run}) or the
 * LocalExecutor's supervisor. Each write is a compare-and-set on the try number, the state and the claiming
 * {@link TryOwner}, so a stale or duplicate launch can never claim, heartbeat or finish a try that is not its own;
 * and each matches the owner's own earlier write too, so that it can be retried through connection errors
 * ({@link StateWriteRetry}) without effect when it had landed.
 */
public final class WorkerTaskStore implements TryStore {

    private static final String KEY_MATCH = "dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?";
    private static final String OWNER_MATCH = "try_number = ? AND hostname = ? AND pid = ? AND started_at = ?";

    private static final String CLAIM = "UPDATE task_instance SET state = 'running', hostname = ?, pid = ?, "
            + "started_at = ?, last_heartbeat_at = ?, ended_at = NULL, failure_reason = NULL, next_retry_at = NULL, "
            + "updated_by = ?, state_reason = ?, updated_at = now() WHERE " + KEY_MATCH + " AND try_number = ? "
            + "AND (state = 'queued' OR (state = 'running' AND hostname = ? AND pid = ? AND started_at = ?)) "
            + "RETURNING max_tries";
    private static final String HEARTBEAT = "UPDATE task_instance SET last_heartbeat_at = ? WHERE " + KEY_MATCH
            + " AND " + OWNER_MATCH + " AND state = 'running'";
    private static final String FINISH = "UPDATE task_instance SET state = ?, ended_at = ?, failure_reason = ?, "
            + "next_retry_at = ?, last_heartbeat_at = ?, updated_by = ?, state_reason = ?, updated_at = now() WHERE "
            + KEY_MATCH + " AND " + OWNER_MATCH + " AND (state = 'running' OR (state = ? AND ended_at = ?))";
    private static final String CURRENT_TRY = "SELECT state, try_number, hostname, pid, started_at, max_tries FROM task_instance "
            + "WHERE " + KEY_MATCH;
    private static final String FILELOC = "SELECT fileloc FROM dag WHERE dag_id = ?";

    private final DataSource dataSource;
    private final StateWriteRetry retry;

    public WorkerTaskStore(DataSource dataSource, StateWriteRetry retry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** A store whose operations retry connection errors for {@code writeTimeout}. */
    public static WorkerTaskStore of(Database database, Duration writeTimeout, Clock clock) {
        return new WorkerTaskStore(database.dataSource(),
                new StateWriteRetry(database.settings().redactedUrl(), writeTimeout, clock, Sleeper.system()));
    }

    /** The DAG's file as the scheduler recorded it ({@code dag.fileloc}, relative to the DAGs folder). */
    public Optional<String> dagFileloc(String dagId) {
        return retry.call("look up the file of DAG " + dagId, () -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(FILELOC)) {
                statement.setString(1, dagId);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The task instance's current try and state, or empty when there is no such task instance. */
    public Optional<TryState> currentTry(TaskInstanceId id) {
        return retry.call("read task instance " + id, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return readTry(connection, id);
            }
        });
    }

    /**
     * Moves the try from {@code queued} to {@code running} for {@code owner}, only if the task instance is at
     * {@code key.tryNumber()} and queued (or already claimed by this very owner, when a retry follows a commit whose
     * answer was lost). Anything else is refused with the reason, and nothing is written.
     */
    @Override
    public ClaimResult claim(TaskInstanceKey key, TryOwner owner) {
        return retry.call("claim " + key, () -> {
            try (Connection connection = dataSource.getConnection()) {
                Optional<Integer> maxTries;
                try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
                    int i = 1;
                    statement.setString(i++, owner.hostname());
                    statement.setLong(i++, owner.pid());
                    statement.setObject(i++, timestamp(owner.claimedAt()));
                    statement.setObject(i++, timestamp(owner.claimedAt()));
                    statement.setString(i++, owner.updatedBy());
                    statement.setString(i++, "worker claimed try " + key.tryNumber());
                    i = setKey(statement, i, key.id());
                    statement.setInt(i++, key.tryNumber());
                    statement.setString(i++, owner.hostname());
                    statement.setLong(i++, owner.pid());
                    statement.setObject(i, timestamp(owner.claimedAt()));
                    try (ResultSet rows = statement.executeQuery()) {
                        maxTries = rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
                    }
                }
                if (maxTries.isPresent()) {
                    return new ClaimResult.Claimed(owner, maxTries.get());
                }
                Optional<TryState> current = readTry(connection, key.id());
                return new ClaimResult.Refused(ClaimRefusal.reason(key.id(), key.tryNumber(), current)
                        .orElse("the task instance changed while it was claimed: " + current.map(TryState::describe)
                                .orElse("gone")));
            }
        });
    }

    /**
     * Records that the worker is alive. Tried once (the next heartbeat is the retry); a connection error is
     * thrown as {@link WorkerStoreException}. Returns {@link OwnershipCheck.NotOwned} when the try is no longer
     * this worker's running try: its state was changed externally and the task should stop.
     */
    @Override
    public OwnershipCheck heartbeat(TaskInstanceKey key, TryOwner owner, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement statement = connection.prepareStatement(HEARTBEAT)) {
                int i = 1;
                statement.setObject(i++, timestamp(now));
                i = setKey(statement, i, key.id());
                setOwner(statement, i, key, owner);
                updated = statement.executeUpdate();
            }
            return updated == 1 ? OwnershipCheck.owned() : notOwned(connection, key);
        } catch (SQLException e) {
            throw new WorkerStoreException("could not heartbeat " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records how the try ended: {@code running → success | failed | up_for_retry}, only if the row is still this
     * owner's running try. Retries connection errors for the write timeout: the task ran, its result must not be
     * lost to a database restart.
     *
     * @throws StoreUnavailableException when the database stayed unreachable for the whole write timeout
     */
    @Override
    public OwnershipCheck finish(TaskInstanceKey key, TryOwner owner, FinalState finalState, Instant endedAt) {
        OffsetDateTime ended = timestamp(endedAt.truncatedTo(ChronoUnit.MICROS));
        return retry.call("record " + finalState.state().dbValue() + " for " + key, () -> {
            try (Connection connection = dataSource.getConnection()) {
                int updated;
                try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
                    int i = 1;
                    statement.setString(i++, finalState.state().dbValue());
                    statement.setObject(i++, ended);
                    setOptionalText(statement, i++, finalState.failureReason());
                    if (finalState.nextRetryAt().isPresent()) {
                        statement.setObject(i++, timestamp(finalState.nextRetryAt().get()));
                    } else {
                        statement.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
                    }
                    statement.setObject(i++, ended);
                    statement.setString(i++, owner.updatedBy());
                    statement.setString(i++, finalState.stateReason());
                    i = setKey(statement, i, key.id());
                    i = setOwner(statement, i, key, owner);
                    statement.setString(i++, finalState.state().dbValue());
                    statement.setObject(i, ended);
                    updated = statement.executeUpdate();
                }
                return updated == 1 ? OwnershipCheck.owned() : notOwned(connection, key);
            }
        });
    }

    private static OwnershipCheck notOwned(Connection connection, TaskInstanceKey key) throws SQLException {
        Optional<TryState> current = readTry(connection, key.id());
        return new OwnershipCheck.NotOwned(current
                .map(row -> "the task instance was changed externally and is now " + row.describe())
                .orElse("the task instance " + key.id() + " no longer exists"));
    }

    private static Optional<TryState> readTry(Connection connection, TaskInstanceId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_TRY)) {
            setKey(statement, 1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long pid = rows.getLong("pid");
                Optional<Long> pidValue = rows.wasNull() ? Optional.empty() : Optional.of(pid);
                Timestamp started = rows.getTimestamp("started_at");
                return Optional.of(new TryState(TaskState.fromDb(rows.getString("state")), rows.getInt("try_number"),
                        Optional.ofNullable(rows.getString("hostname")), pidValue,
                        Optional.ofNullable(started).map(Timestamp::toInstant), rows.getInt("max_tries")));
            }
        }
    }

    private static int setKey(PreparedStatement statement, int index, TaskInstanceId id) throws SQLException {
        statement.setString(index, id.dagId());
        statement.setString(index + 1, id.runId());
        statement.setString(index + 2, id.taskId());
        statement.setInt(index + 3, id.mapIndex());
        return index + 4;
    }

    private static int setOwner(PreparedStatement statement, int index, TaskInstanceKey key, TryOwner owner)
            throws SQLException {
        statement.setInt(index, key.tryNumber());
        statement.setString(index + 1, owner.hostname());
        statement.setLong(index + 2, owner.pid());
        statement.setObject(index + 3, timestamp(owner.claimedAt()));
        return index + 4;
    }

    private static void setOptionalText(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
