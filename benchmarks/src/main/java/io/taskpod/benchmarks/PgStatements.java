package io.taskpod.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the statements PostgreSQL ran for one role, with {@code pg_stat_statements} (top-level statements only,
 * so a trigger's inserts are part of the statement that fired it). The benchmark's own queries run as the superuser
 * and are not counted. The module must be in {@code shared_preload_libraries}: {@link #preloaded} says whether it
 * is, {@link #requestPreload} asks for it at the next server start.
 */
public final class PgStatements {

    /** One normalised statement: how often it ran and how long the server spent on it. */
    public record Entry(String query, long calls, double totalMillis) {}

    /** All statements of the role since the last reset, and the most frequent ones. */
    public record Counts(long calls, double totalMillis, List<Entry> top) {}

    private static final String SUPERUSER = "postgres";

    private final String url;
    private final String role;

    /**
     * @param url the JDBC URL of the database to watch (reached as the superuser, without a password)
     * @param role the role whose statements are counted
     */
    public PgStatements(String url, String role) {
        this.url = url;
        this.role = role;
    }

    public boolean preloaded() throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW shared_preload_libraries")) {
            rs.next();
            return rs.getString(1).contains("pg_stat_statements");
        }
    }

    /** Takes effect when the server next starts. */
    public void requestPreload() throws SQLException {
        execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    }

    /** Creates the extension (needs the module preloaded) and starts counting from zero. */
    public void reset() throws SQLException {
        execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        execute("SELECT pg_stat_statements_reset()");
    }

    /** The role's statements since the last {@link #reset}, with the {@code top} most frequent. */
    public Counts counts(int top) throws SQLException {
        String sql = """
                SELECT query, calls, total_exec_time FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                WHERE r.rolname = ? AND s.toplevel ORDER BY calls DESC""";
        try (Connection connection = superuser(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, role);
            long calls = 0;
            double millis = 0;
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Entry entry = new Entry(rs.getString(1), rs.getLong(2), rs.getDouble(3));
                    calls += entry.calls();
                    millis += entry.totalMillis();
                    if (entries.size() < top) {
                        entries.add(entry);
                    }
                }
            }
            return new Counts(calls, millis, entries);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(url, SUPERUSER, "");
    }
}
