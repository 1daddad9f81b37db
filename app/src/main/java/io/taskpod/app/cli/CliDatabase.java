package io.taskpod.app.cli;

import io.taskpod.app.runtime.DatabaseUnavailableException;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import java.io.UncheckedIOException;

/** Opens the metadata database for a command; failures become one clear message without a stack trace. */
final class CliDatabase {

    private CliDatabase() {}

    /** The configured database, or the embedded one started or attached to. */
    static MetadataDatabase open(Config config, String poolName) {
        try {
            return MetadataDatabase.open(config, poolName);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** {@link #open}, then brings the schema up to date; returns the database with the number of migrations applied. */
    static MetadataDatabase openMigrated(Config config, String poolName) {
        MetadataDatabase database = open(config, poolName);
        migrate(database);
        return database;
    }

    /** Applies pending migrations; returns how many. */
    static int migrate(MetadataDatabase database) {
        try {
            return database.migrate();
        } catch (DatabaseUnavailableException e) {
            database.close();
            throw new UserError(e.getMessage());
        }
    }
}
