package io.taskpod.store.kubernetes;

import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code kubernetes_resource_version} table: the last resourceVersion per (scheduler, namespace). An outage is
 * thrown as core's {@link io.taskpod.core.port.DatabaseOutageException} ({@link StoreException#forPort}).
 */
public final class PostgresResourceVersionStore implements ResourceVersionStore {

    private final Jdbc jdbc;
    private final Clock clock;

    public PostgresResourceVersionStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<String> load(String schedulerId, String namespace) {
        return StoreException.forPort(() -> jdbc.withConnection("read the resourceVersion of " + schedulerId + "/"
                + namespace, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT resource_version "
                    + "FROM kubernetes_resource_version WHERE scheduler_id = ? AND namespace = ?")) {
                query.setString(1, schedulerId);
                query.setString(2, namespace);
                return Jdbc.first(query, row -> row.getString(1));
            }
        }));
    }

    @Override
    public void save(String schedulerId, String namespace, String resourceVersion) {
        Instant now = clock.instant();
        StoreException.forPort(() -> jdbc.withConnection("store the resourceVersion of " + schedulerId + "/"
                + namespace, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO kubernetes_resource_version (scheduler_id, namespace, resource_version, updated_at)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (scheduler_id, namespace) DO UPDATE
                    SET resource_version = excluded.resource_version, updated_at = excluded.updated_at""")) {
                upsert.setString(1, schedulerId);
                upsert.setString(2, namespace);
                upsert.setString(3, resourceVersion);
                Jdbc.setInstant(upsert, 4, now);
                return upsert.executeUpdate();
            }
        }));
    }
}
