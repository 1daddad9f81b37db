package io.taskpod.app.runtime;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;

/**
 * The metadata database a command works on: the server {@code [database] url} names, or, when it is empty, the
 * embedded PostgreSQL in {@code $TASKPOD_HOME/db} (started, or attached to when another taskpod process runs it).
 * Closing it closes the pool, then stops an embedded server this process started.
 */
public final class MetadataDatabase implements AutoCloseable {

    /** The embedded server's data folder under the taskpod home. */
    public static final String EMBEDDED_DATA_FOLDER = "db";
    /** The embedded server's own log under the taskpod home. */
    public static final String EMBEDDED_SERVER_LOG = "postgres.log";

    private final DatabaseSettings settings;
    private final Database database;
    private final Optional<EmbeddedPostgresServer> embedded;

    private MetadataDatabase(DatabaseSettings settings, Database database, Optional<EmbeddedPostgresServer> embedded) {
        this.settings = settings;
        this.database = database;
        this.embedded = embedded;
    }

    /** Resolves and opens the database; the pool connects on first use. */
    public static MetadataDatabase open(Config config, String poolName) {
        DatabaseSettings configured = DatabaseSettings.from(config);
        if (!configured.url().isBlank()) {
            return new MetadataDatabase(configured, Database.open(configured, poolName), Optional.empty());
        }
        Path home = config.home();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(home.resolve(EMBEDDED_DATA_FOLDER),
                config.get(CoreConfigKeys.EMBEDDED_PORT), configured.user(), home.resolve(EMBEDDED_SERVER_LOG));
        DatabaseSettings resolved = configured.withUrl(server.jdbcUrl());
        try {
            return new MetadataDatabase(resolved, Database.open(resolved, poolName), Optional.of(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Applies pending schema migrations; returns how many. Throws {@link DatabaseUnavailableException} naming the
     * database (credentials hidden) when it cannot be reached or migrated.
     */
    public int migrate() {
        try {
            return database.migrate();
        } catch (FlywayException e) {
            throw new DatabaseUnavailableException("could not migrate the metadata database " + describe() + ": "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The settings in use; for the embedded server, with its resolved URL. */
    public DatabaseSettings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    public Jdbc jdbc() {
        return new Jdbc(database);
    }

    /** Where the database is, for messages; never shows credentials. */
    public String describe() {
        return embedded.map(server -> "embedded PostgreSQL " + settings.redactedUrl() + " (data in "
                + server.dataDirectory() + ")").orElse(settings.redactedUrl());
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            embedded.ifPresent(EmbeddedPostgresServer::close);
        }
    }
}
