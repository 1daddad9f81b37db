package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.TryOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against real PostgreSQL, running real task processes. */
class WorkerTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void bashTaskRunsWithTheDocumentedEnvironmentWritesItsLogAndRecordsSuccess() {
        bed.writeDag("etl", """
                dag_id: etl
                tasks:
                  - task_id: per_item
                    expand: [plain text, {batch: 1, size: 100}]
                    env: {GREETING: hello}
                    bash: |
                      env | grep -E '^(TASKPOD_|GREETING=|TASKPOD__)' | sort > "%s/env-$TASKPOD_MAP_INDEX"
                      echo "processing $TASKPOD_MAP_ITEM"
                      echo "a warning" >&2
                """.formatted(bed.out));
        TaskInstanceKey first = new TaskInstanceKey("etl", "per_item", "manual__1", 1, 0);
        TaskInstanceKey second = new TaskInstanceKey("etl", "per_item", "manual__1", 1, 1);
        bed.queue(first);
        bed.queue(second);

        WorkerResult result = bed.run(first);
        bed.run(second);

        assertThat(result).isEqualTo(new WorkerResult(0, "success"));
        assertThat(bed.marker("env-0")).containsExactly(
                "GREETING=hello",
                "TASKPOD_DAG_ID=etl",
                "TASKPOD_MAP_INDEX=0",
                "TASKPOD_MAP_ITEM=plain text",
                "TASKPOD_RUN_ID=manual__1",
                "TASKPOD_TASK_ID=per_item",
                "TASKPOD_TRY_NUMBER=1");
        assertThat(bed.marker("env-1")).contains("TASKPOD_MAP_ITEM={\"batch\":1,\"size\":100}", "TASKPOD_MAP_INDEX=1");
        assertThat(bed.logFile(first)).isEqualTo(bed.logs.resolve(
                "dag_id=etl/run_id=manual__1/task_id=per_item/map_index=0/attempt=1.log"));
        assertThat(bed.log(first))
                .contains("{worker} worker ", "{worker} claimed try 1; running: bash -c ")
                .contains("processing plain text\n", "a warning\n")
                .contains("{worker} task exited with code 0", "{worker} final state: success");
        assertThat(bed.echo.toString()).contains("processing plain text", "final state: success");
        assertThat(bed.state(first)).isEqualTo("success");
        assertThat(bed.column(first, "pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(bed.column(first, "ended_at")).isNotNull();
        assertThat(bed.column(first, "updated_by")).startsWith("worker:");
    }

    @Test
    void commandTaskRunsItsArgvWithoutAShell() {
        bed.writeDag("cmd", """
                dag_id: cmd
                tasks:
                  - task_id: print
                    command: [printf, '%%s|', '$HOME', 'two words', "%s"]
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("cmd", "print", "r1", 1, -1);
        bed.queue(key);

        assertThat(bed.run(key).exitCode()).isZero();

        assertThat(bed.log(key)).contains("$HOME|two words|" + bed.out + "|");
        assertThat(bed.log(key)).contains("running: printf '%s|' '$HOME' 'two words' " + bed.out);
        assertThat(bed.state(key)).isEqualTo("success");
    }

    @Test
    void aFailingTaskWithRetriesLeftIsUpForRetryAfterItsDelay() {
        bed.writeDag("flaky", """
                dag_id: flaky
                tasks:
                  - {task_id: fails, retries: 2, retry_delay: 90s, bash: 'echo no; exit 3'}
                  - {task_id: fails_for_good, retries: 1, bash: 'exit 4'}
                """);
        TaskInstanceKey retried = new TaskInstanceKey("flaky", "fails", "r1", 1, -1);
        TaskInstanceKey lastTry = new TaskInstanceKey("flaky", "fails_for_good", "r1", 2, -1);
        bed.queue(retried);
        bed.queue(lastTry);

        Instant before = Instant.now();
        WorkerResult result = bed.run(retried);
        WorkerResult finalResult = bed.run(lastTry);

        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(result.message()).startsWith("up_for_retry: task exited with code 3; try 2 of 3 not before ");
        assertThat(bed.state(retried)).isEqualTo("up_for_retry");
        assertThat(bed.column(retried, "failure_reason")).isEqualTo("task exited with code 3");
        Instant nextRetry = timestamp(bed.column(retried, "next_retry_at"));
        assertThat(nextRetry).isBetween(before.plusSeconds(89), Instant.now().plusSeconds(91));
        assertThat(bed.log(retried)).contains("final state: up_for_retry (task exited with code 3); next try not before");

        assertThat(finalResult.exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(bed.state(lastTry)).isEqualTo("failed");
        assertThat(bed.column(lastTry, "next_retry_at")).isNull();
        assertThat(bed.column(lastTry, "failure_reason")).isEqualTo("task exited with code 4");
    }

    @Test
    void executionTimeoutStopsTheWholeProcessTreeAndRecordsWhy() throws IOException {
        bed.writeDag("slow", """
                dag_id: slow
                tasks:
                  - task_id: hangs
                    execution_timeout: 1s
                    bash: |
                      trap '' TERM
                      sleep 300 &
                      echo $! > "%s/child"
                      while true; do sleep 1; done
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("slow", "hangs", "r1", 1, -1);
        bed.queue(key);

        WorkerResult result = bed.run(key);

        long child = Long.parseLong(Files.readString(bed.out.resolve("child")).strip());
        awaitDead(child);
        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(bed.state(key)).isEqualTo("failed");
        assertThat(bed.column(key, "failure_reason")).isEqualTo("execution_timeout of 1s exceeded; the task was stopped");
        assertThat(bed.log(key)).contains("execution_timeout of 1s exceeded; sending SIGTERM",
                "task did not stop within the grace period and was killed");
    }

    @Test
    void aDuplicateWorkerForTheSameTryIsRefusedAndRunsNothing() {
        bed.writeDag("once", """
                dag_id: once
                tasks:
                  - task_id: count
                    bash: |
                      echo run >> "%1$s/executions"
                      while [ ! -e "%1$s/release" ]; do sleep 0.05; done
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("once", "count", "r1", 1, -1);
        bed.queue(key);

        CompletableFuture<WorkerResult> first = CompletableFuture.supplyAsync(() -> bed.run(key));
        await().until(() -> bed.marker("executions").size() == 1);
        WorkerResult duplicate = bed.run(key);
        release();

        assertThat(duplicate.exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(duplicate.message()).contains("already running elsewhere", "duplicate worker");
        assertThat(first.join().exitCode()).isZero();
        assertThat(bed.marker("executions")).hasSize(1);
        assertThat(bed.run(key).exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(bed.marker("executions")).hasSize(1);
        assertThat(bed.state(key)).isEqualTo("success");
    }

    @Test
    void aWorkerLosingTheClaimRaceRunsNothing() {
        bed.writeDag("race", "dag_id: race\ntasks:\n  - {task_id: t, bash: 'echo run >> \"" + bed.out + "/executions\"'}\n");
        TaskInstanceKey key = new TaskInstanceKey("race", "t", "r1", 1, -1);
        bed.queue(key);
        ClaimResult winner = bed.store(Duration.ofSeconds(5)).claim(key, new TryOwner("other-host", 1, Instant.now()));

        WorkerResult loser = bed.run(key);

        assertThat(winner).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(loser.exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(loser.message()).contains("other-host");
        assertThat(bed.marker("executions")).isEmpty();
    }

    @Test
    void aStaleTryNumberIsRefused() {
        bed.writeDag("stale", "dag_id: stale\ntasks:\n  - {task_id: t, bash: 'echo run >> \"" + bed.out + "/executions\"'}\n");
        bed.queue(new TaskInstanceKey("stale", "t", "r1", 2, -1));

        WorkerResult result = bed.run(new TaskInstanceKey("stale", "t", "r1", 1, -1));

        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(result.message()).contains("try 1 is stale: the task instance is at try 2");
        assertThat(bed.marker("executions")).isEmpty();
        assertThat(bed.state(new TaskInstanceKey("stale", "t", "r1", 2, -1))).isEqualTo("queued");
    }

    @Test
    void aStateChangedExternallyStopsTheTaskAndIsNotOverwritten() throws IOException {
        bed.writeDag("marked", """
                dag_id: marked
                tasks:
                  - task_id: long
                    bash: |
                      sleep 300 &
                      echo $! > "%s/child"
                      wait
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("marked", "long", "r1", 1, -1);
        bed.queue(key);
        CompletableFuture<WorkerResult> worker = CompletableFuture.supplyAsync(() -> bed.run(key));
        await().until(() -> Files.exists(bed.out.resolve("child")) && "running".equals(bed.state(key)));

        bed.setState(key, "success");

        WorkerResult result = worker.join();
        long child = Long.parseLong(Files.readString(bed.out.resolve("child")).strip());
        awaitDead(child);
        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(result.message()).contains("nothing recorded", "changed externally", "success");
        assertThat(bed.state(key)).isEqualTo("success");
        assertThat(bed.log(key)).contains("this try is no longer this worker's");
    }

    @Test
    void aStopRequestStopsTheTaskAndRecordsTheFailureWithRetries() {
        bed.writeDag("stopped", """
                dag_id: stopped
                tasks:
                  - {task_id: long, retries: 1, bash: 'touch "%s/started"; sleep 300'}
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("stopped", "long", "r1", 1, -1);
        bed.queue(key);
        StopSignal stop = new StopSignal();
        CompletableFuture<WorkerResult> worker = CompletableFuture.supplyAsync(
                () -> bed.worker().run(WorkerTestBed.request(key), stop));
        await().until(() -> Files.exists(bed.out.resolve("started")));

        stop.requestStop("the worker received SIGTERM");

        assertThat(worker.join().exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(bed.state(key)).isEqualTo("up_for_retry");
        assertThat(bed.column(key, "failure_reason")).isEqualTo("the worker received SIGTERM");
    }

    @Test
    void aMissingDagOrTaskIsAWorkerErrorNamingFileAndIdsAndNothingIsClaimed() {
        bed.writeDag("present", "dag_id: present\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        TaskInstanceKey missingTask = new TaskInstanceKey("present", "ghost", "r1", 1, -1);
        bed.queue(missingTask);

        WorkerResult result = bed.run(missingTask);

        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.WORKER_ERROR);
        assertThat(result.message()).isEqualTo("DAG 'present' (file present.yaml) has no task 'ghost'; its tasks: a");
        assertThat(bed.state(missingTask)).isEqualTo("queued");
    }

    @Test
    void aDagFileThatNoLongerDefinesTheDagIsAWorkerErrorWithTheLoadErrors() throws IOException {
        bed.writeDag("broken", "dag_id: broken\ntasks:\n  - {task_id: a, bash: 'true'}\n");
        Files.writeString(bed.dags.resolve("broken.yaml"), "dag_id: broken\ntasks:\n  - {task_id: a, retries: x, bash: 'true'}\n");
        TaskInstanceKey key = new TaskInstanceKey("broken", "a", "r1", 1, -1);
        bed.queue(key);

        WorkerResult result = bed.run(key);

        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.WORKER_ERROR);
        assertThat(result.message()).contains("DAG file " + bed.dags.resolve("broken.yaml") + " does not define DAG 'broken'",
                "tasks[0].retries");
        assertThat(bed.state(key)).isEqualTo("queued");
    }

    @Test
    void aCommandThatCannotStartFailsTheTry() {
        bed.writeDag("nostart", "dag_id: nostart\ntasks:\n  - {task_id: a, command: [/no/such/program]}\n");
        TaskInstanceKey key = new TaskInstanceKey("nostart", "a", "r1", 1, -1);
        bed.queue(key);

        assertThat(bed.run(key).exitCode()).isEqualTo(WorkerExitCode.TASK_FAILED);
        assertThat(bed.state(key)).isEqualTo("failed");
        assertThat(bed.column(key, "failure_reason")).startsWith("could not start /no/such/program");
    }

    @Test
    void theDatabaseCredentialsAreNotHandedToTheTask() {
        bed.writeDag("secret", "dag_id: secret\ntasks:\n  - {task_id: a, bash: 'env > \"" + bed.out + "/env\"'}\n");
        TaskInstanceKey key = new TaskInstanceKey("secret", "a", "r1", 1, -1);
        bed.queue(key);

        bed.worker(bed.settings(), Map.of("PATH", System.getenv("PATH"), "TASKPOD__DATABASE__PASSWORD", "s3cret",
                "TASKPOD__CORE__PARALLELISM", "4")).run(WorkerTestBed.request(key), new StopSignal());

        assertThat(bed.marker("env")).contains("TASKPOD__CORE__PARALLELISM=4").noneMatch(line -> line.contains("s3cret"));
    }

    private void release() {
        try {
            Files.createFile(bed.out.resolve("release"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitDead(long pid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    private static Instant timestamp(String text) {
        return OffsetDateTime.parse(text.replace(' ', 'T').replaceAll("\\+00$", "Z"), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
    }
}
