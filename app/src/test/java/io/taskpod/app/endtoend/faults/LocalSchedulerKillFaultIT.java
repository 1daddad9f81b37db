package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler with the LocalExecutor is SIGKILLed while a local task runs: the task's whole process tree dies with
 * it (the watchdog), nothing is recorded, and the restarted scheduler's zombie check retries the try, which runs
 * after the first one is gone, never beside it. No task is lost: the downstream task runs once the retry succeeds.
 */
class LocalSchedulerKillFaultIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration DEATH = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofMinutes(3);

    @TempDir
    Path home;

    private final TestDatabase database = TestPostgres.newDatabase();

    @Test
    void aKilledSchedulersLocalTaskDiesWithItAndIsRetriedByTheZombieCheckAfterTheRestart() throws Exception {
        Path out = Files.createDirectories(home.resolve("out"));
        Files.createDirectories(home.resolve("dags"));
        Files.writeString(home.resolve("dags/crash.yaml"), """
                dag_id: crash
                default_args: {retries: 1, retry_delay: 0s}
                tasks:
                  - task_id: hang
                    bash: |
                      echo "try $TASKPOD_TRY_NUMBER" >> "%1$s/executions"
                      if [ "$TASKPOD_TRY_NUMBER" = 1 ]; then
                        echo $$ > "%1$s/try1"
                        sleep 600 &
                        echo $! > "%1$s/child"
                        wait
                      fi
                      for pid in $(cat "%1$s/try1" "%1$s/child"); do
                        if kill -0 "$pid" 2>/dev/null; then echo "pid $pid of try 1 still runs" >> "%1$s/overlap"; fi
                      done
                  - task_id: after
                    depends_on: hang
                    bash: echo after >> "%1$s/executions"
                """.formatted(out));
        List<Long> firstTry = new ArrayList<>();
        try (BackgroundTaskpod first = BackgroundTaskpod.start(environment(), "scheduler")) {
            first.awaitLog("Scheduler s1 started", START);
            TaskpodProcess.Result trigger = TaskpodProcess.run(environment(), "dags", "trigger", "crash", "--run-id", "r1");
            assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
            await().atMost(RUN).until(() -> Files.exists(out.resolve("child")) && !Files.readString(out.resolve("child")).isBlank());
            firstTry.add(Long.parseLong(Files.readString(out.resolve("try1")).strip()));
            firstTry.add(Long.parseLong(Files.readString(out.resolve("child")).strip()));

            first.kill(DEATH);

            await().atMost(DEATH).until(() -> firstTry.stream().allMatch(LocalSchedulerKillFaultIT::gone));
            await().atMost(DEATH).until(() -> first.stderr().contains("taskpod task watchdog: the process that supervised"));
        }
        assertThat(query("SELECT state || ' ' || try_number FROM task_instance WHERE task_id = 'hang'"))
                .as("nothing recorded by a dead scheduler").isEqualTo("running 1");

        try (BackgroundTaskpod second = BackgroundTaskpod.start(environment(), "scheduler")) {
            second.awaitLog("Scheduler s1 started", START);
            await().atMost(RUN).until(() -> List.of("success", "failed").contains(
                    query("SELECT state FROM dag_run WHERE run_id = 'r1'")));
            second.terminate(START);
        }

        assertThat(query("SELECT state FROM dag_run WHERE run_id = 'r1'")).isEqualTo("success");
        assertThat(Files.readAllLines(out.resolve("executions"))).containsExactly("try 1", "try 2", "after");
        assertThat(out.resolve("overlap")).doesNotExist();
        assertThat(query("SELECT reason FROM task_instance_transition WHERE task_id = 'hang' AND try_number = 1 "
                + "AND to_state = 'up_for_retry'")).contains("stopped heartbeating", "zombie");
        assertThat(Files.readString(home.resolve("logs/dag_id=crash/run_id=r1/task_id=hang/attempt=1.log")))
                .contains("zombie").doesNotContain("final state");
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__CORE__KILLED_TASK_CLEANUP_TIME", "2");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        environment.put("TASKPOD__SCHEDULER__INSTANCE_ID", "s1");
        environment.put("TASKPOD__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME", "0.2");
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_SEC", "0.5");
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT", "5");
        return environment;
    }

    private String query(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
