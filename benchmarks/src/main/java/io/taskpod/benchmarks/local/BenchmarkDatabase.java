package io.taskpod.benchmarks.local;

import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.benchmarks.PgStatements;
import io.taskpod.core.config.Config;
import io.taskpod.store.embedded.PostmasterPidFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The metadata database of the benchmark: the embedded PostgreSQL in the benchmark's home, opened and migrated the
 * way {@code taskpod scheduler} does it, with {@code pg_stat_statements} preloaded (set on the first start, then
 * the server is restarted once) so that statements can be counted.
 */
final class BenchmarkDatabase implements AutoCloseable {

    private final MetadataDatabase metadata;
    private final PgStatements statements;
    private final Path dataFolder;

    private BenchmarkDatabase(MetadataDatabase metadata, PgStatements statements, Path dataFolder) {
        this.metadata = metadata;
        this.statements = statements;
        this.dataFolder = dataFolder;
    }

    static BenchmarkDatabase open(Config config) throws SQLException {
        MetadataDatabase metadata = openMigrated(config);
        PgStatements statements = new PgStatements(metadata.settings().url(), metadata.settings().user());
        if (!statements.preloaded()) {
            statements.requestPreload();
            metadata.close();
            metadata = openMigrated(config);
        }
        statements.reset();
        return new BenchmarkDatabase(metadata, statements, config.home().resolve(MetadataDatabase.EMBEDDED_DATA_FOLDER));
    }

    private static MetadataDatabase openMigrated(Config config) {
        MetadataDatabase metadata = MetadataDatabase.open(config, "benchmark");
        metadata.migrate();
        return metadata;
    }

    MetadataDatabase metadata() {
        return metadata;
    }

    PgStatements statements() {
        return statements;
    }

    /** The postmaster's pid: the root of the server's process tree, whose CPU time is measured. */
    long serverPid() throws IOException {
        return PostmasterPidFile.parse(Files.readAllLines(dataFolder.resolve("postmaster.pid")))
                .orElseThrow(() -> new IOException("no pid in " + dataFolder.resolve("postmaster.pid"))).pid();
    }

    /** A superuser session for the benchmark's own queries (not counted with the product's statements). */
    RunQueries queries() throws SQLException {
        return RunQueries.connect(metadata.settings().url());
    }

    @Override
    public void close() {
        metadata.close();
    }
}
