package io.taskpod.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** A pooled connection to the metadata database, with its schema migrations. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DatabaseSettings settings;

    private Database(HikariDataSource dataSource, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /**
     * Opens a pool. Does not fail when the server is down: connections are made on first use, so a scheduler can
     * start (and keep retrying) while PostgreSQL restarts.
     */
    public static Database open(DatabaseSettings settings, String poolName) {
        if (settings.url().isBlank()) {
            throw new IllegalArgumentException("database URL is empty; resolve the embedded server first");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.user());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(1, settings.poolSize()));
        hikari.setPoolName(poolName);
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(10_000);
        hikari.setValidationTimeout(3_000);
        hikari.setKeepaliveTime(60_000);
        hikari.setAutoCommit(true);
        // PostgreSQL's default, stated so that HikariCP does not detect it: when the server goes away during that
        // detection HikariCP records -1 and every later connection of the pool fails ("Transaction isolation level
        // -1 not supported"), so a worker that started during a PostgreSQL restart could never reach it again.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new Database(new HikariDataSource(hikari), settings);
    }

    /** Applies pending migrations; returns how many were applied. */
    public int migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
