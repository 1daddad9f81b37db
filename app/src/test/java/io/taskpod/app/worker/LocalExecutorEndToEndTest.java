package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.TaskWatchdog;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LocalExecutor as the scheduler builds it, against real PostgreSQL: each try's task a child process of this
 * JVM (no JVM per task), claimed, heartbeaten, logged and recorded as a pod's worker does it.
 */
class LocalExecutorEndToEndTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;
    private LocalExecutor executor;
    private final List<ExecutorEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
        bed.writeDag("local", """
                dag_id: local
                tasks:
                  - task_id: each
                    expand: [a, b, c]
                    bash: |
                      echo "$TASKPOD_MAP_ITEM" >> "%1$s/executions"
                      echo "$PPID" > "%1$s/parent-$TASKPOD_MAP_INDEX"
                  - task_id: broken
                    bash: echo "disk full" >&2; exit 5
                  - task_id: environment
                    bash: |
                      env | sort > "%1$s/env"
                      pwd > "%1$s/pwd"
                  - task_id: slow
                    execution_timeout: 1s
                    bash: |
                      sleep 300 &
                      echo $! > "%1$s/slow.child"
                      wait
                  - task_id: long
                    retries: 1
                    bash: |
                      echo "$$" > "%1$s/long.pid"
                      sleep 300 &
                      echo $! > "%1$s/long.child"
                      wait
                """.formatted(bed.out));
    }

    @AfterEach
    void tearDown() {
        if (executor != null) {
            executor.terminate();
        }
        bed.close();
    }

    @Test
    void runsEachTryAsAChildOfThisProcessAndReportsOutcomes() {
        executor = executor(2);
        List<TaskInstanceKey> keys = List.of(key("each", 0), key("each", 1), key("each", 2), key("broken", -1));
        keys.forEach(this::queue);

        executor.heartbeat();
        assertThat(executor.running()).hasSize(2);
        awaitIdle();

        assertThat(bed.marker("executions")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(bed.marker("parent-1")).containsExactly(Long.toString(ProcessHandle.current().pid()));
        assertThat(keys.subList(0, 3)).allSatisfy(key -> assertThat(bed.state(key)).isEqualTo("success"));
        assertThat(bed.state(key("broken", -1))).isEqualTo("failed");
        assertThat(terminal(key("each", 1))).isEqualTo(ExecutorEvent.of(key("each", 1), TaskState.SUCCESS, "success"));
        assertThat(terminal(key("broken", -1)).info().orElseThrow())
                .isEqualTo("exit code 1 (the task failed): failed: task exited with code 5");
        assertThat(bed.log(key("broken", -1))).contains("{worker} LocalExecutor on ", "disk full",
                "final state: failed (task exited with code 5)");
        assertThat(bed.column(key("broken", -1), "pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void theTaskGetsItsVariablesAndAFolderOfItsOwnButNotTheDatabaseSettings() {
        executor = executor(1, Map.of("PATH", System.getenv("PATH"), "TASKPOD_HOME", root.toString(),
                "TASKPOD__DATABASE__PASSWORD", "s3cret", "TASKPOD__DATABASE__URL", "jdbc:postgresql://db/x"));
        queue(key("environment", -1));

        executor.heartbeat();
        awaitIdle();

        assertThat(bed.marker("env")).contains("TASKPOD_HOME=" + root, "TASKPOD_DAG_ID=local",
                "TASKPOD_TASK_ID=environment", "TASKPOD_RUN_ID=manual__1", "TASKPOD_TRY_NUMBER=1", "TASKPOD_MAP_INDEX=-1")
                .noneMatch(line -> line.startsWith("TASKPOD__DATABASE__"));
        Path workingFolder = Path.of(bed.marker("pwd").getFirst());
        assertThat(workingFolder.getFileName().toString()).startsWith("taskpod-task-");
        assertThat(workingFolder).doesNotExist();
    }

    @Test
    void aSecondLaunchOfTheSameTryIsRefusedAndForgotten() {
        executor = executor(2);
        queue(key("each", 0));
        executor.heartbeat();
        awaitIdle();

        executor.queueWorkload(workload(key("each", 0)));
        executor.heartbeat();
        awaitIdle();

        // the buffer keeps one event per try (Airflow's event buffer): a QUEUED the outcome overtook is replaced
        assertThat(events).extracting(ExecutorEvent::state).containsOnlyOnce(TaskState.SUCCESS).endsWith(TaskState.QUEUED);
        assertThat(bed.marker("executions")).containsExactly("a");
        assertThat(bed.log(key("each", 0))).contains("refused: try 1 already ended: success");
    }

    @Test
    void aRunningTaskHeartbeatsAndARevokedOneIsKilledAtOnceWithNothingRecorded() throws IOException {
        executor = executor(1);
        queue(key("long", -1));
        executor.heartbeat();
        await().until(() -> Files.exists(bed.out.resolve("long.child")));
        String firstBeat = bed.column(key("long", -1), "last_heartbeat_at");
        await().until(() -> !bed.column(key("long", -1), "last_heartbeat_at").equals(firstBeat));
        long child = Long.parseLong(Files.readString(bed.out.resolve("long.child")).strip());

        assertThat(executor.drainEvents()).containsExactly(ExecutorEvent.of(key("long", -1), TaskState.QUEUED,
                "local:test-host:42"));
        executor.revokeTask(key("long", -1));

        WorkerTest.awaitDead(child);
        await().until(() -> bed.log(key("long", -1)).contains("nothing recorded: the try was revoked"));
        executor.sync();
        assertThat(executor.drainEvents()).isEmpty();
        assertThat(bed.state(key("long", -1))).isEqualTo("running");
        assertThat(bed.log(key("long", -1))).contains("stop requested: revoked by the scheduler; killing the task's processes");
    }

    @Test
    void executionTimeoutStopsTheTaskTreeAndFailsTheTryWithTheReason() throws IOException {
        executor = executor(1);
        queue(key("slow", -1));

        executor.heartbeat();
        awaitIdle();

        WorkerTest.awaitDead(Long.parseLong(Files.readString(bed.out.resolve("slow.child")).strip()));
        assertThat(bed.state(key("slow", -1))).isEqualTo("failed");
        assertThat(bed.column(key("slow", -1), "failure_reason"))
                .isEqualTo("execution_timeout of 1s exceeded; the task was stopped");
        assertThat(bed.log(key("slow", -1))).contains("execution_timeout: 1s", "execution_timeout of 1s exceeded; sending SIGTERM");
    }

    @Test
    void terminateStopsTheTaskAndRecordsTheFailureThroughItsRetries() throws IOException {
        executor = executor(1);
        queue(key("long", -1));
        executor.heartbeat();
        await().until(() -> Files.exists(bed.out.resolve("long.child")));
        long child = Long.parseLong(Files.readString(bed.out.resolve("long.child")).strip());

        executor.terminate();
        events.addAll(executor.drainEvents());

        WorkerTest.awaitDead(child);
        assertThat(bed.state(key("long", -1))).isEqualTo("up_for_retry");
        assertThat(bed.column(key("long", -1), "failure_reason")).isEqualTo("the scheduler was stopped while the task ran");
        assertThat(terminal(key("long", -1)).state()).isEqualTo(TaskState.FAILED);
        executor = null;
    }

    @Test
    void aSecondSignalStopsTheRunningTasksWhileTheExecutorWaitsForThem() throws Exception {
        executor = executor(1);
        queue(key("long", -1));
        executor.heartbeat();
        await().until(() -> Files.exists(bed.out.resolve("long.child")));
        long child = Long.parseLong(Files.readString(bed.out.resolve("long.child")).strip());
        Thread ending = Thread.ofPlatform().start(executor::end);

        assertThat(LocalTaskRunner.stopAllNow("stopped by a second signal")).isEqualTo(1);

        ending.join(Duration.ofMinutes(1));
        assertThat(ending.isAlive()).isFalse();
        WorkerTest.awaitDead(child);
        assertThat(bed.state(key("long", -1))).isEqualTo("up_for_retry");
        assertThat(bed.column(key("long", -1), "failure_reason")).isEqualTo("stopped by a second signal");
        assertThat(LocalTaskRunner.stopAllNow("nothing left")).isZero();
        executor = null;
    }

    @Test
    void aFailureCountsTheMaxTriesAClearLeftInTheDatabase() {
        executor = executor(1);
        bed.queue(key("broken", -1));
        bed.setMaxTries(key("broken", -1), 1);
        executor.queueWorkload(workload(key("broken", -1)));

        executor.heartbeat();
        awaitIdle();

        assertThat(bed.state(key("broken", -1))).isEqualTo("up_for_retry");
        assertThat(bed.column(key("broken", -1), "state_reason")).startsWith("task exited with code 5; try 2 of 2 not before");
    }

    @Test
    void aTaskTheSchedulersDagNoLongerHasFailsTheLaunchAndClaimsNothing() {
        executor = executor(1);
        bed.queue(key("gone", -1));
        executor.queueWorkload(new ExecuteTask(key("gone", -1), "default", 1, Optional.empty(), Map.of(), 1,
                WorkerCommand.forTask(key("gone", -1))));

        executor.heartbeat();
        awaitIdle();

        assertThat(terminal(key("gone", -1)).info().orElseThrow()).isEqualTo("exit code 70 (the try could not be run): "
                + "DAG 'local' as the scheduler loaded it has no task 'gone'");
        assertThat(bed.state(key("gone", -1))).isEqualTo("queued");
    }

    private LocalExecutor executor(int parallelism) {
        return executor(parallelism, Map.of("PATH", System.getenv("PATH")));
    }

    private LocalExecutor executor(int parallelism, Map<String, String> environment) {
        WorkerSettings settings = bed.settings();
        LocalTaskRunner runner = new LocalTaskRunner(bed.store(Duration.ofSeconds(30)), settings, Clock.systemUTC(),
                WorkerHost.current(Map.of()), environment, new PrintStream(bed.echo, true, StandardCharsets.UTF_8),
                new TaskWatchdog(TaskWatchdog.commandFor(settings.killGrace())), () -> { });
        LocalExecutor built = new LocalExecutor(parallelism, runner, "local:test-host:42",
                settings.killGrace().plus(Duration.ofSeconds(10)));
        built.start();
        return built;
    }

    private void queue(TaskInstanceKey key) {
        bed.queue(key);
        executor.queueWorkload(workload(key));
    }

    private ExecuteTask workload(TaskInstanceKey key) {
        return new ExecuteTask(key, "default", 1, Optional.empty(), Map.of(), 1, WorkerCommand.forTask(key),
                Optional.of(bed.task(key.dagId(), key.taskId())));
    }

    private void awaitIdle() {
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            executor.heartbeat();
            events.addAll(executor.drainEvents());
            return executor.running().isEmpty() && executor.queuedTasks().isEmpty();
        });
    }

    private ExecutorEvent terminal(TaskInstanceKey key) {
        return events.stream().filter(e -> e.key().equals(key)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no event for " + key + " in " + events));
    }

    private static TaskInstanceKey key(String taskId, int mapIndex) {
        return new TaskInstanceKey("local", taskId, "manual__1", 1, mapIndex);
    }
}
