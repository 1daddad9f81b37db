package io.taskpod.app.worker;

import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.worker.WorkerTaskStore;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker's world for tests: a migrated database on real PostgreSQL, a DAGs folder, a log folder, and task
 * instance rows written the way the scheduler writes them.
 */
final class WorkerTestBed implements AutoCloseable {

    final Path root;
    final Path dags;
    final Path logs;
    final Path out;
    final DatabaseSettings databaseSettings;
    final Database database;
    final ByteArrayOutputStream echo = new ByteArrayOutputStream();

    WorkerTestBed(Path root) {
        this(root, newDatabaseSettings());
    }

    WorkerTestBed(Path root, DatabaseSettings databaseSettings) {
        this.root = root;
        this.dags = createDirectory(root.resolve("dags"));
        this.logs = root.resolve("logs");
        this.out = createDirectory(root.resolve("out"));
        this.databaseSettings = databaseSettings;
        this.database = Database.open(databaseSettings, "worker-test");
        database.migrate();
    }

    private static DatabaseSettings newDatabaseSettings() {
        TestDatabase test = TestPostgres.newDatabase();
        return new DatabaseSettings(test.url(), test.user(), test.password(), 3);
    }

    /** Writes {@code <dagId>.yaml} into the DAGs folder and records it in the dag table, as the scheduler does. */
    void writeDag(String dagId, String yaml) {
        try {
            Files.writeString(dags.resolve(dagId + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("INSERT INTO dag (dag_id, fileloc, max_active_runs, max_active_tasks) VALUES (?, ?, 16, 16) "
                + "ON CONFLICT (dag_id) DO UPDATE SET fileloc = EXCLUDED.fileloc", dagId, dagId + ".yaml");
    }

    /** A running DAG run with the task instance queued at {@code key}'s try. */
    void queue(TaskInstanceKey key) {
        execute("INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date) VALUES (?, ?, 'manual', 'running', "
                + "now()) ON CONFLICT DO NOTHING", key.dagId(), key.runId());
        execute("INSERT INTO task_instance (dag_id, run_id, task_id, map_index, try_number, state, queued_at, updated_by) "
                + "VALUES (?, ?, ?, ?, ?, 'queued', now(), 'scheduler:test')",
                key.dagId(), key.runId(), key.taskId(), key.mapIndex(), key.tryNumber());
    }

    void setState(TaskInstanceKey key, String state) {
        execute("UPDATE task_instance SET state = ?, updated_by = 'user:test', state_reason = 'marked by the user' "
                + "WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?",
                state, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
    }

    /** Sets {@code max_tries}, as a user's clear leaves it: the task's retries counted again from the cleared try. */
    void setMaxTries(TaskInstanceKey key, int maxTries) {
        execute("UPDATE task_instance SET max_tries = ? WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?",
                maxTries, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
    }

    String state(TaskInstanceKey key) {
        return column(key, "state");
    }

    /** One column of the task instance row, as text (null when SQL NULL). */
    String column(TaskInstanceKey key, String column) {
        try (Connection connection = database.connection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + column + "::text FROM task_instance "
                        + "WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?")) {
            bind(statement, key.dagId(), key.runId(), key.taskId(), key.mapIndex());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    WorkerSettings settings() {
        return new WorkerSettings(dags, logs, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30),
                queue -> java.util.Optional.empty());
    }

    WorkerTaskStore store(Duration writeTimeout) {
        return WorkerTaskStore.of(database, writeTimeout, Clock.systemUTC());
    }

    Worker worker() {
        return worker(settings(), Map.of("PATH", System.getenv("PATH"), "TASKPOD__DATABASE__PASSWORD", "s3cret"));
    }

    Worker worker(WorkerSettings settings, Map<String, String> environment) {
        return new Worker(store(settings.stateWriteTimeout()),
                new FileDagLookup(new DagFileLoader(DagDefaults.standard()), dags), settings, Clock.systemUTC(),
                WorkerHost.current(environment), environment, new PrintStream(echo, true, StandardCharsets.UTF_8));
    }

    /** The task as the scheduler would load it from the DAGs folder. */
    TaskDefinition task(String dagId, String taskId) {
        return new DagFileLoader(DagDefaults.standard()).loadFile(dags, dagId + ".yaml").dag(dagId)
                .flatMap(dag -> dag.task(taskId))
                .orElseThrow(() -> new IllegalArgumentException("no task " + dagId + "." + taskId + " in " + dags));
    }

    WorkerResult run(TaskInstanceKey key) {
        return worker().run(request(key), new StopSignal());
    }

    static WorkerRequest request(TaskInstanceKey key) {
        return new WorkerRequest(key.dagId(), key.taskId(), key.runId(), Optional.of(key.tryNumber()),
                key.mapIndex());
    }

    Path logFile(TaskInstanceKey key) {
        return new TaskLogFiles(logs, Clock.systemUTC()).pathOf(key);
    }

    String log(TaskInstanceKey key) {
        try {
            return Files.readString(logFile(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of a marker file the test's tasks append to, one per execution (empty when never written). */
    List<String> marker(String name) {
        Path file = out.resolve(name);
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a worker process needs to run against this bed: home, folders, database, fast heartbeats. */
    Map<String, String> workerProcessEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TASKPOD_HOME", root.toString());
        environment.put("TASKPOD__CORE__DAGS_FOLDER", dags.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__CORE__KILLED_TASK_CLEANUP_TIME", "2");
        environment.put("TASKPOD__LOGGING__BASE_LOG_FOLDER", logs.toString());
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_SEC", "0.2");
        environment.put("TASKPOD__DATABASE__URL", databaseSettings.url());
        environment.put("TASKPOD__DATABASE__USER", databaseSettings.user());
        environment.put("TASKPOD__DATABASE__PASSWORD", databaseSettings.password());
        return environment;
    }

    private void execute(String sql, Object... values) {
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static Path createDirectory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
