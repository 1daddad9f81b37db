package io.taskpod.testkit.postgres;

import io.taskpod.testkit.RestartablePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (embedded binaries) of one test's own, unlike the shared {@link TestPostgres}: it can be
 * stopped and started again on the same port with the same data, as an outage or a restart of the metadata
 * database looks to the processes using it. Superuser {@code postgres}, trust authentication (any password is
 * accepted), data in a folder of the caller's, deleted by {@link #close()}.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /**
     * Starts a fresh server with its data in {@code data} (created; must be empty or missing) on a free port below
     * the ephemeral range ({@link RestartablePorts}).
     */
    public static RestartablePostgres start(Path data) {
        RestartablePostgres postgres = new RestartablePostgres(data, RestartablePorts.freePort());
        postgres.start();
        return postgres;
    }

    /** The {@code postgres} database: {@code jdbc:postgresql://localhost:PORT/postgres}. */
    public String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the server on its port with its data; nothing when it runs. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server (fast shutdown: open connections are ended); the data stays. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on port " + port, e);
        } finally {
            server = null;
        }
    }

    /** {@link #stop()}, then {@link #start()}: every connection breaks, the data and the address stay. */
    public void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        stop();
        if (Files.exists(data)) {
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
