package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.TaskpodProcess.Result;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating runs through the real CLI against a real scheduler process (LocalExecutor): clear a failed task and see it
 * and its downstream run again, pause, list runs, backfill a range, cancel a running run (its process is stopped),
 * and manage users.
 */
class OperateCliIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path home;

    private Map<String, String> environment() throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("ops.yaml"), """
                dag_id: ops
                schedule: "@daily"
                start_date: 2025-01-01
                catchup: false
                tasks:
                  - task_id: first
                    bash: 'test -f "$TASKPOD_HOME/ready" || { echo "not ready yet"; exit 3; }'
                  - task_id: second
                    depends_on: first
                    bash: 'echo second'
                """);
        Files.writeString(dags.resolve("sleepy.yaml"), """
                dag_id: sleepy
                tasks:
                  - task_id: nap
                    bash: 'echo napping; sleep 600'
                  - task_id: after
                    depends_on: nap
                    bash: 'true'
                """);
        TestDatabase database = TestPostgres.newDatabase();
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_SEC", "1");
        environment.put("TASKPOD__CORE__KILLED_TASK_CLEANUP_TIME", "20");
        return environment;
    }

    private static Result ok(Result result) {
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        return result;
    }

    @Test
    void clearPauseListBackfillCancelAndUsersThroughTheCli() throws Exception {
        Map<String, String> environment = environment();
        try (BackgroundTaskpod scheduler = BackgroundTaskpod.start(environment, "scheduler")) {
            Result failed = TaskpodProcess.run(environment, "dags", "trigger", "ops", "--run-id", "r1", "--wait");
            assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(1);
            assertThat(ok(TaskpodProcess.run(environment, "tasks", "states", "ops", "latest")).stdout())
                    .containsPattern("(?s)first\\s+failed\\s+1.*second\\s+upstream_failed");

            Files.writeString(home.resolve("ready"), "");
            Result dryRun = ok(TaskpodProcess.run(environment, "tasks", "clear", "ops", "-t", "^first$", "-d",
                    "--run-id", "r1", "--dry-run"));
            assertThat(dryRun.stdout()).contains("2 task instance(s) would be cleared (dry run)");
            Result refused = TaskpodProcess.run(environment, "tasks", "clear", "ops", "-t", "^first$", "--run-id", "r1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stdout()).contains("Cancelled: nothing was cleared.");
            Result cleared = ok(TaskpodProcess.run(environment, "tasks", "clear", "ops", "-t", "^first$", "-d",
                    "--run-id", "r1", "--yes"));
            assertThat(cleared.stdout()).contains("Cleared 2 task instance(s) of DAG ops");
            await().atMost(RUN_TIMEOUT).untilAsserted(() -> assertThat(TaskpodProcess.run(environment, "tasks",
                    "states", "ops", "r1").stdout()).contains("Run r1 of DAG ops: success")
                    .containsPattern("first\\s+success\\s+2"));
            assertThat(ok(TaskpodProcess.run(environment, "tasks", "logs", "ops", "first", "r1", "--try-number", "1"))
                    .stdout()).contains("not ready yet");
            assertThat(ok(TaskpodProcess.run(environment, "tasks", "logs", "ops", "first", "latest")).stdout())
                    .contains("final state: success");

            assertThat(ok(TaskpodProcess.run(environment, "dags", "pause", "ops")).stdout()).contains("Paused DAG ops");
            Result backfill = ok(TaskpodProcess.run(environment, "dags", "backfill", "ops", "-s", "2025-02-01",
                    "-e", "2025-02-03"));
            assertThat(backfill.stdout()).contains("Created 3 backfill run(s) of DAG ops")
                    .contains("backfill__2025-02-01T00:00:00+00:00");
            Result runs = ok(TaskpodProcess.run(environment, "dags", "list-runs", "ops", "--limit", "50"));
            assertThat(runs.stdout()).contains("r1").containsPattern("backfill__2025-02-03\\S*\\s+queued\\s+backfill");
            Result typo = TaskpodProcess.run(environment, "dags", "list-runs", "opz");
            assertThat(typo.stderr()).contains("did you mean 'ops'?");

            ok(TaskpodProcess.run(environment, "dags", "trigger", "sleepy", "--run-id", "nap-run"));
            await().atMost(RUN_TIMEOUT).untilAsserted(() -> assertThat(TaskpodProcess.run(environment, "tasks", "logs",
                    "sleepy", "nap", "nap-run").stdout()).contains("napping"));
            Result cancel = ok(TaskpodProcess.run(environment, "dags", "cancel", "sleepy", "latest"));
            assertThat(cancel.stdout()).contains("Cancelled run nap-run of DAG sleepy")
                    .containsPattern("nap\\s+1\\s+running\\s+failed\\s+\\(its scheduler stops the try\\)")
                    .containsPattern("after\\s+0\\s+none\\s+skipped");
            await().atMost(RUN_TIMEOUT).untilAsserted(() -> assertThat(TaskpodProcess.run(environment, "tasks", "logs",
                    "sleepy", "nap", "nap-run").stdout()).contains("cancelled by").contains("the scheduler stopped try 1"));
            assertThat(ok(TaskpodProcess.run(environment, "tasks", "states", "sleepy", "nap-run")).stdout())
                    .contains("Run nap-run of DAG sleepy: failed").containsPattern("nap\\s+failed");

            ok(TaskpodProcess.run(environment, "dags", "trigger", "sleepy", "--run-id", "interrupted"));
            await().atMost(RUN_TIMEOUT).untilAsserted(() -> assertThat(TaskpodProcess.run(environment, "tasks", "logs",
                    "sleepy", "nap", "interrupted").stdout()).contains("napping"));
            scheduler.sigterm();
            scheduler.awaitLog("waiting up to 50s for running tasks to finish ([core] killed_task_cleanup_time = 20s, "
                    + "plus 30s); send SIGTERM or press Ctrl-C again to stop them now", RUN_TIMEOUT);
            scheduler.sigterm();
            scheduler.awaitExit(Duration.ofSeconds(40));
            assertThat(scheduler.stderr()).contains("Second signal: stopping the running tasks now");
            assertThat(ok(TaskpodProcess.run(environment, "tasks", "logs", "sleepy", "nap", "interrupted")).stdout())
                    .contains("final state: failed (" + SchedulerRun.STOPPED_NOW + ")");
        }

        Result created = TaskpodProcess.runWithInput(environment, "viewer-password\n", "users", "create", "--username",
                "vera", "--role", "viewer", "--password-stdin");
        assertThat(ok(created).stdout()).contains("Created user vera with role viewer.");
        Result weak = TaskpodProcess.runWithInput(environment, "short\n", "users", "create", "--username", "weak",
                "--role", "op", "--password-stdin");
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.stderr()).contains("password must have at least 8 characters");
        assertThat(ok(TaskpodProcess.run(environment, "users", "list")).stdout()).containsPattern("vera\\s+viewer");
        assertThat(ok(TaskpodProcess.run(environment, "users", "delete", "vera")).stdout()).contains("Deleted user vera");
    }
}
