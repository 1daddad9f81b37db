package io.taskpod.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.TaskpodProcess.Result;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler, the LocalExecutor and real worker processes together, as a user runs them: the packaged jar
 * started as separate processes on one database.
 */
class SchedulerEndToEndIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final TestDatabase database = TestPostgres.newDatabase();

    private Map<String, String> environment(String schedulerId) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        environment.put("TASKPOD__SCHEDULER__INSTANCE_ID", schedulerId);
        environment.put("TASKPOD__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME", "0.2");
        return environment;
    }

    private Path dagFile(String name, String yaml) throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        return Files.writeString(dags.resolve(name), yaml);
    }

    private String query(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aTriggeredRunRunsThroughTheSchedulerAndTheSchedulerStopsCleanlyOnSigterm() throws Exception {
        Path marker = home.resolve("attempts");
        dagFile("flow.yaml", """
                dag_id: flow
                tasks:
                  - task_id: start
                    bash: echo start
                  - task_id: flaky
                    depends_on: start
                    retries: 1
                    retry_delay: 1s
                    bash: |
                      echo "try $TASKPOD_TRY_NUMBER" >> %s
                      [ "$TASKPOD_TRY_NUMBER" -ge 2 ]
                  - task_id: each
                    depends_on: start
                    expand: [a, b, c]
                    bash: 'echo "item $TASKPOD_MAP_ITEM"'
                  - task_id: end
                    depends_on: [flaky, each]
                    bash: echo end
                """.formatted(marker));
        dagFile("doomed.yaml", """
                dag_id: doomed
                tasks:
                  - task_id: fails
                    bash: exit 3
                  - task_id: never
                    depends_on: fails
                    bash: echo never
                """);
        dagFile("broken.yaml", """
                dag_id: broken
                tasks:
                  - task_id: a
                    depends_on: b
                    bash: echo a
                  - task_id: b
                    depends_on: a
                    bash: echo b
                """);
        try (BackgroundTaskpod scheduler = BackgroundTaskpod.start(environment("s1"), "scheduler")) {
            scheduler.awaitLog("Scheduler s1 started", START);

            Result flow = TaskpodProcess.run(environment("cli"), "dags", "trigger", "flow", "--run-id", "r1", "--wait");
            Result doomed = TaskpodProcess.run(environment("cli"), "dags", "trigger", "doomed", "--run-id", "r1", "--wait");
            Result states = TaskpodProcess.run(environment("cli"), "tasks", "states", "doomed", "r1");

            assertThat(flow.exitCode()).as(flow.stdout() + flow.stderr()).isZero();
            assertThat(flow.stdout()).contains("Created run r1 of DAG flow (queued).")
                    .contains("Run r1 of DAG flow finished: success");
            assertThat(Files.readAllLines(marker)).containsExactly("try 1", "try 2");
            assertThat(doomed.exitCode()).isEqualTo(1);
            assertThat(doomed.stdout()).contains("Run r1 of DAG doomed finished: failed");
            assertThat(states.stdout()).containsPattern("fails\\s+failed\\s+1").containsPattern("never\\s+upstream_failed\\s+0");

            assertThat(scheduler.stderr()).contains("DAG file not loaded").contains("broken.yaml")
                    .contains("dependency cycle");

            assertThat(scheduler.terminate(STOP)).isNotEqualTo(0);
            assertThat(scheduler.stderr()).contains("Scheduler s1 stopped");
        }
        assertThat(query("SELECT state FROM scheduler WHERE id = 's1'")).isEqualTo("stopped");
    }

    /** Two scheduler processes on one database: every task instance of a wide DAG runs exactly once. */
    @Test
    void twoSchedulerProcessesRunEveryTaskInstanceExactlyOnce() throws Exception {
        Path executions = home.resolve("executions");
        int width = 12;
        String tasks = IntStream.range(0, width).mapToObj(i -> """
                  - task_id: t%d
                    bash: 'echo "$TASKPOD_TASK_ID try $TASKPOD_TRY_NUMBER" >> %s'
                """.formatted(i, executions)).collect(Collectors.joining());
        dagFile("wide.yaml", "dag_id: wide\nmax_active_tasks: 32\ntasks:\n" + tasks);
        try (BackgroundTaskpod first = BackgroundTaskpod.start(environment("s1"), "scheduler");
                BackgroundTaskpod second = BackgroundTaskpod.start(environment("s2"), "scheduler")) {
            first.awaitLog("Scheduler s1 started", START);
            second.awaitLog("Scheduler s2 started", START);

            Result run = TaskpodProcess.run(environment("cli"), "dags", "trigger", "wide", "--run-id", "r1", "--wait");

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            List<String> lines = Files.readAllLines(executions);
            assertThat(lines).hasSize(width).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, width).mapToObj(i -> "t" + i + " try 1").toList());
            assertThat(query("SELECT count(DISTINCT queued_by) FROM task_instance WHERE run_id = 'r1'"))
                    .isIn("1", "2");
            assertThat(query("SELECT count(*) FROM task_instance_transition WHERE run_id = 'r1' AND to_state = 'running'"))
                    .isEqualTo(Integer.toString(width));
            first.terminate(STOP);
            second.terminate(STOP);
        }
    }

    @Test
    void dagsTestRunsOneRunInItsOwnProcessAndExitsWithItsOutcome() throws Exception {
        dagFile("ok.yaml", """
                dag_id: ok
                tasks:
                  - task_id: hello
                    bash: echo "hello from the test"
                  - task_id: after
                    depends_on: hello
                    bash: |
                      echo after
                      echo "parent: $(tr '\\0' ' ' < /proc/$PPID/cmdline)"
                """);
        dagFile("bad.yaml", """
                dag_id: bad
                tasks:
                  - task_id: boom
                    bash: 'echo boom >&2; exit 4'
                """);

        Result ok = TaskpodProcess.run(environment("cli"), "dags", "test", "ok");
        Result bad = TaskpodProcess.run(environment("cli"), "dags", "test", "bad");

        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("hello from the test").containsPattern("after\\s+success\\s+1")
                .containsPattern("parent: \\S+java .*-jar \\S+taskpod\\.jar dags test ok")
                .containsPattern("Run test__\\S+ of DAG ok: success");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stdout()).containsPattern("boom\\s+failed\\s+1").containsPattern("of DAG bad: failed");
        assertThat(query("SELECT count(*) FROM dag_run WHERE run_type = 'test'")).isEqualTo("2");
    }

    @Test
    void standaloneRunsTheExamplesOnTheEmbeddedDatabaseAndStopsItOnSigterm() throws Exception {
        Map<String, String> environment = Map.of("TASKPOD_HOME", home.toString(),
                "TASKPOD__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME", "0.2");
        try (BackgroundTaskpod standalone = BackgroundTaskpod.start(environment, "standalone")) {
            standalone.awaitLog("LocalExecutor started", START);
            assertThat(standalone.stdout()).contains("taskpod standalone is running")
                    .contains("Database:     embedded PostgreSQL jdbc:postgresql://localhost:")
                    .contains("Triggered:    example_hello (run manual__")
                    .contains("Admin login:  admin / ");
            assertThat(home.resolve("dags")).isDirectory();
            String password = Files.readString(home.resolve("standalone_admin_password.txt")).strip();
            assertThat(standalone.stdout()).contains("admin / " + password + " (printed this once");

            Result hello = TaskpodProcess.run(environment, "dags", "trigger", "example_hello", "--wait");

            assertThat(hello.exitCode()).as(hello.stdout() + hello.stderr()).isZero();
            assertThat(hello.stderr()).doesNotContain("embedded PostgreSQL");
            standalone.terminate(STOP);
            assertThat(standalone.stderr()).contains("Stopped the embedded PostgreSQL");
        }
        assertThat(home.resolve("db/postmaster.pid")).doesNotExist();
        assertThat(Arrays.stream(home.resolve("logs").toFile().list())).contains("dag_id=example_hello");
    }
}
