package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.worker.Sleeper;
import io.taskpod.store.worker.StateWriteRetry;
import io.taskpod.store.worker.WorkerTaskStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A worker whose database restarts while its task runs: heartbeats fail and are tolerated, and the final state
 * is written once the server is back. Uses its own embedded PostgreSQL, stopped and started on the same port.
 */
class WorkerDatabaseRestartTest {

    @TempDir
    Path root;

    private EmbeddedPostgres postgres;
    private HikariDataSource workerPool;
    private WorkerTestBed bed;
    private final ListAppender<ILoggingEvent> retries = new ListAppender<>();

    @AfterEach
    void tearDown() throws IOException {
        ((Logger) LoggerFactory.getLogger(StateWriteRetry.class)).detachAppender(retries);
        if (workerPool != null) {
            workerPool.close();
        }
        if (bed != null) {
            bed.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theFinalStateIsRecordedAfterThePostgresRestart() throws IOException {
        int port = freePort();
        Path data = root.resolve("pgdata");
        postgres = startPostgres(data, port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        bed = new WorkerTestBed(root.resolve("bed"), new DatabaseSettings(url, "postgres", "", 2));
        bed.writeDag("durable", """
                dag_id: durable
                tasks:
                  - task_id: outlives_the_outage
                    bash: |
                      echo run >> "%1$s/executions"
                      while [ ! -e "%1$s/release" ]; do sleep 0.05; done
                      echo done
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("durable", "outlives_the_outage", "r1", 1, -1);
        bed.queue(key);
        Worker worker = workerWithQuickConnectionTimeouts(url);
        retries.start();
        ((Logger) LoggerFactory.getLogger(StateWriteRetry.class)).addAppender(retries);

        CompletableFuture<WorkerResult> result = CompletableFuture.supplyAsync(
                () -> worker.run(WorkerTestBed.request(key), new StopSignal()));
        await().until(() -> bed.marker("executions").size() == 1);
        postgres.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> bed.log(key).contains("heartbeat failed, the task keeps running"));
        Files.createFile(bed.out.resolve("release"));
        await().atMost(Duration.ofSeconds(30)).until(() -> retries.list.stream()
                .anyMatch(event -> event.getFormattedMessage().startsWith("could not record success for " + key)));
        postgres = startPostgres(data, port);

        assertThat(result.join()).isEqualTo(new WorkerResult(0, "success"));
        assertThat(bed.state(key)).isEqualTo("success");
        assertThat(bed.marker("executions")).hasSize(1);
        assertThat(bed.log(key)).contains("final state: success");
    }

    private Worker workerWithQuickConnectionTimeouts(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(500);
        config.setValidationTimeout(250);
        config.setInitializationFailTimeout(-1);
        workerPool = new HikariDataSource(config);
        WorkerSettings settings = new WorkerSettings(bed.dags, bed.logs, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(60), queue -> java.util.Optional.empty());
        WorkerTaskStore store = new WorkerTaskStore(workerPool,
                new StateWriteRetry(url, settings.stateWriteTimeout(), Clock.systemUTC(), Sleeper.system()));
        return new Worker(store, new FileDagLookup(new DagFileLoader(DagDefaults.standard()), bed.dags), settings,
                Clock.systemUTC(), WorkerHost.current(Map.of()), Map.of("PATH", System.getenv("PATH")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "off")
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
