package io.taskpod.store;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.NewTaskInstance;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fresh, migrated database per test, with builders for the rows the store tests need. */
public final class StoreFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    public final TestDatabase testDatabase;
    public final Database database;
    public final Jdbc jdbc;

    private StoreFixture(TestDatabase testDatabase, Database database) {
        this.testDatabase = testDatabase;
        this.database = database;
        this.jdbc = new Jdbc(database);
    }

    public static StoreFixture create() {
        TestDatabase test = TestPostgres.newDatabase();
        Database database = Database.open(settings(test), "store-test");
        database.migrate();
        return new StoreFixture(test, database);
    }

    public static DatabaseSettings settings(TestDatabase test) {
        return new DatabaseSettings(test.url(), test.user(), test.password(), 8);
    }

    /** A second, independent pool on the same database (another scheduler process). */
    public Database openAnotherPool() {
        return Database.open(settings(testDatabase), "store-test-2");
    }

    public static Dag dag(String dagId, int maxActiveTasks, String... taskIds) {
        Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
        for (String taskId : taskIds) {
            tasks.put(taskId, new TaskDefinition(taskId, new TaskAction.Bash("true"), List.of(), 0, Duration.ofSeconds(1),
                    false, Optional.empty(), Optional.empty(), "default", Optional.empty(), 1, Map.of(), Map.of(),
                    Optional.empty(), 0));
        }
        return new Dag(dagId, "", new Schedule.None(), Optional.empty(), false, 16, maxActiveTasks, List.of(), tasks,
                dagId + ".yaml", Path.of("/dags/" + dagId + ".yaml"));
    }

    public void storeDag(Dag dag) {
        new DagRepository(jdbc).upsert(List.of(dag), T0);
    }

    /** Creates a running manual run with one unmapped task instance per task id, all in state none. */
    public RunKey runningRun(String dagId, String runId, String... taskIds) {
        return run(dagId, runId, DagRunState.RUNNING, T0, taskIds);
    }

    public RunKey run(String dagId, String runId, DagRunState state, Instant logicalDate, String... taskIds) {
        RunKey key = new RunKey(dagId, runId);
        List<NewTaskInstance> tis = java.util.Arrays.stream(taskIds)
                .map(taskId -> new NewTaskInstance(taskId, -1, Optional.empty(), TaskState.NONE, 1, "default",
                        Optional.empty(), 1))
                .toList();
        new DagRunRepository(jdbc).create(new NewDagRun(key, RunType.MANUAL, state, logicalDate, Optional.empty(),
                Optional.empty(), Optional.empty(), "test", T0), tis);
        return key;
    }

    /** Sets columns of one task instance directly, as a worker or an earlier scheduler would have left them. */
    public void update(String sql, Object... parameters) {
        jdbc.withConnection("update test rows", connection -> {
            try (var statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    Object value = parameters[i];
                    if (value instanceof Instant instant) {
                        Jdbc.setInstant(statement, i + 1, instant);
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                return statement.executeUpdate();
            }
        });
    }

    /** Runs a query returning one long value. */
    public long count(String sql, Object... parameters) {
        return jdbc.withConnection("count test rows", connection -> {
            try (var statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void close() {
        database.close();
    }
}
