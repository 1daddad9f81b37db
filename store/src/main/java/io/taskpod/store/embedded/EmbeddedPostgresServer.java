package io.taskpod.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: a real PostgreSQL from the zonky binaries, its data kept in a folder
 * ({@code $TASKPOD_HOME/db}) between runs, on a stable port, with a database {@code taskpod} owned by the configured
 * user. Used when {@code [database] url} is empty.
 *
 * <p>Start-up is safe against crashes and concurrent starts: a {@code postmaster.pid} left by a crash is removed; a
 * server still running from a taskpod that crashed (no process holds the data folder's lock) is shut down and
 * started again; a server another live taskpod process started is attached to instead (and left running when this
 * one closes). Concurrent starts are serialised by a lock file next to the data folder.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database taskpod uses on the embedded server. */
    public static final String DATABASE_NAME = "taskpod";
    /** The file in the data folder that records the port of the last start. */
    public static final String PORT_FILE = "taskpod-port";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    private final Optional<EmbeddedPostgres> owned;

    private EmbeddedPostgresServer(Path dataDirectory, int port, Optional<EmbeddedPostgres> owned) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.owned = owned;
    }

    /**
     * Starts the server on {@code dataDirectory}, or attaches to the one another taskpod process runs there, and
     * makes sure {@code user} and the {@code taskpod} database exist.
     *
     * @param configuredPort {@code [database] embedded_port}: 0 reuses the last port (or picks a free one)
     * @param serverLog where PostgreSQL's own output goes
     */
    public static EmbeddedPostgresServer startOrAttach(Path dataDirectory, int configuredPort, String user, Path serverLog) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(data);
            Files.createDirectories(serverLog.toAbsolutePath().getParent());
            EmbeddedPostgresServer server;
            try (FileChannel channel = FileChannel.open(data.resolveSibling(data.getFileName() + ".startup.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                server = startOrAttachLocked(data, configuredPort, serverLog);
            }
            server.ensureDatabase(user);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + data
                    + " (its own log: " + serverLog + "): " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgresServer startOrAttachLocked(Path data, int configuredPort, Path serverLog)
            throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        Optional<PostmasterPidFile> running = Files.exists(pidFile)
                ? PostmasterPidFile.parse(Files.readAllLines(pidFile, StandardCharsets.UTF_8))
                : Optional.empty();
        if (running.isPresent() && isPostgresProcess(running.get().pid())) {
            if (ownedByLiveProcess(data)) {
                int port = running.get().port().orElseThrow(() -> new IOException(
                        "the embedded PostgreSQL in " + data + " is still starting in another process; try again"));
                log.debug("Using the embedded PostgreSQL another taskpod process runs on port {} (data in {})", port, data);
                return new EmbeddedPostgresServer(data, port, Optional.empty());
            }
            stopOrphan(running.get().pid(), data);
        }
        if (Files.exists(pidFile)) {
            log.warn("Removing stale {} left by a server that is no longer running", pidFile);
            Files.delete(pidFile);
        }
        int port = choosePort(data, configuredPort);
        EmbeddedPostgres postgres;
        try {
            postgres = start(data, port, serverLog);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("Missing embedded postgres binaries")) {
                throw new IOException("this build has no embedded PostgreSQL for " + System.getProperty("os.name")
                        + " on " + System.getProperty("os.arch") + " (it bundles the binaries of the platform it was"
                        + " built on: Linux or macOS, x86-64 or ARM64); set [database] url to a PostgreSQL server", e);
            }
            throw e;
        }
        Files.writeString(data.resolve(PORT_FILE), Integer.toString(port), StandardCharsets.UTF_8);
        log.info("Started the embedded PostgreSQL on port {} (data in {})", port, data);
        return new EmbeddedPostgresServer(data, port, Optional.of(postgres));
    }

    private static EmbeddedPostgres start(Path data, int port, Path serverLog) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start();
    }

    private static boolean isPostgresProcess(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(true))
                .orElse(false);
    }

    /** True when a live process (zonky, in another taskpod) holds the data folder's lock file. */
    private static boolean ownedByLiveProcess(Path data) throws IOException {
        Path lockFile = data.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** Shuts down a server whose taskpod process died (fast shutdown: SIGINT), waiting for it to exit. */
    private static void stopOrphan(long pid, Path data) throws IOException {
        log.warn("The embedded PostgreSQL (pid {}) in {} was left running by a taskpod process that is gone; restarting it",
                pid, data);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL (pid " + pid + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned PostgreSQL (pid " + pid + ") did not stop within "
                    + ORPHAN_STOP_WAIT.toSeconds() + "s; stop it by hand", e);
        }
    }

    private static int choosePort(Path data, int configuredPort) throws IOException {
        if (configuredPort > 0) {
            if (!isFree(configuredPort)) {
                throw new IOException("[database] embedded_port " + configuredPort + " is in use by another program");
            }
            return configuredPort;
        }
        Path portFile = data.resolve(PORT_FILE);
        if (Files.exists(portFile)) {
            try {
                int last = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
                if (last > 0 && last <= 65535 && isFree(last)) {
                    return last;
                }
                log.warn("The embedded PostgreSQL's last port {} is taken now; picking another", last);
            } catch (NumberFormatException e) {
                log.warn("Ignoring {}: it does not hold a port number", portFile);
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureDatabase(String user) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
                Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                statement.execute(quoted(admin, "CREATE ROLE %I LOGIN", user));
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE_NAME)) {
                statement.execute(quoted(admin, "CREATE DATABASE " + DATABASE_NAME + " OWNER %I", user));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + DATABASE_NAME + " for user " + user
                    + " on the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoted(Connection connection, String template, String identifier) throws SQLException {
        try (PreparedStatement format = connection.prepareStatement("SELECT format(?, ?::text)")) {
            format.setString(1, template);
            format.setString(2, identifier);
            try (ResultSet rs = format.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The JDBC URL of the {@code taskpod} database (no credentials: the embedded server trusts local users). */
    public String jdbcUrl() {
        return url(DATABASE_NAME);
    }

    private String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** True when this process started the server (and stops it on {@link #close()}). */
    public boolean isOwner() {
        return owned.isPresent();
    }

    /** Stops the server if this process started it; a server another process runs is left alone. */
    @Override
    public void close() {
        if (owned.isEmpty()) {
            return;
        }
        try {
            owned.get().close();
            log.info("Stopped the embedded PostgreSQL (data in {})", dataDirectory);
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        }
    }
}
