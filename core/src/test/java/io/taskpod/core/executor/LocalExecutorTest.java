package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LocalExecutor against real processes: a bash script stands in for {@code taskpod} and behaves according to
 * the task id it is given ({@code $4} of {@code tasks run DAG TASK RUN …}).
 */
class LocalExecutorTest {

    private static final String FAKE_WORKER = """
            task="$4"
            case "$task" in
              ok*) exit 0 ;;
              refuse*) exit 75 ;;
              fail*) echo "something broke in $task" >&2; exit 1 ;;
              slow*) sleep 1; touch "$WORK/$task.done"; exit 0 ;;
              chatty*) head -c 1048576 /dev/zero | tr '\\0' 'o'; head -c 1048576 /dev/zero | tr '\\0' 'e' >&2; exit 0 ;;
              wait*)
                touch "$WORK/$task.started"
                while [ ! -e "$WORK/$task.release" ]; do sleep 0.05; done
                exit 0 ;;
              graceful*)
                sleep 1000 & echo $! > "$WORK/$task.child"
                trap 'kill $!; echo failure-recorded > "$WORK/$task.term"; exit 143' TERM
                wait ;;
              stubborn*)
                trap '' TERM
                sleep 1000 & echo $! > "$WORK/$task.child"
                while true; do wait; done ;;
            esac
            exit 99
            """;

    @TempDir
    Path work;

    private final List<ExecutorEvent> events = new ArrayList<>();
    private LocalExecutor executor;

    @BeforeEach
    void setUp() {
        executor = executor(2, List.of("bash", "-c", FAKE_WORKER, "taskpod"));
        executor.start();
    }

    @AfterEach
    void tearDown() {
        executor.workerPids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessTree::kill));
    }

    @Test
    void runsAtMostParallelismWorkersAtOnce() {
        for (int i = 1; i <= 4; i++) {
            executor.queueWorkload(workload("wait" + i));
        }

        executor.heartbeat();

        await().until(() -> startedMarkers() == 2);
        assertThat(executor.running()).hasSize(2);
        assertThat(executor.queuedTasks()).hasSize(2);
        assertThat(executor.openSlots()).isZero();

        release("wait1");
        release("wait2");
        awaitEvent("wait1", TaskState.SUCCESS);
        awaitEvent("wait2", TaskState.SUCCESS);
        executor.heartbeat();
        await().until(() -> startedMarkers() == 4);
        assertThat(executor.running()).hasSize(2);
    }

    @Test
    void reportsEachWorkerExitAsAnEvent() {
        executor.queueWorkload(workload("ok"));
        executor.queueWorkload(workload("fail"));
        executor.heartbeat();

        ExecutorEvent ok = awaitEvent("ok", TaskState.SUCCESS);
        ExecutorEvent failed = awaitEvent("fail", TaskState.FAILED);

        assertThat(ok.info().orElseThrow()).matches("local:test-host:\\d+");
        assertThat(failed.info().orElseThrow())
                .isEqualTo("worker exited with code 1 (the task failed); stderr: something broke in fail");
        assertThat(executor.running()).isEmpty();
    }

    @Test
    void aWorkerExitWakesTheSchedulerOnceItsOutcomeIsReadyForSync() {
        AtomicInteger wakeUps = new AtomicInteger();
        executor.onEventsPending(wakeUps::incrementAndGet);
        executor.queueWorkload(workload("ok-wakes"));
        executor.heartbeat();

        await().until(() -> wakeUps.get() == 1);
        executor.sync();

        assertThat(executor.drainEvents()).extracting(ExecutorEvent::state).containsExactly(TaskState.SUCCESS);
    }

    @Test
    void queuedEventNamesTheHostAndTheWorkerPid() {
        executor.queueWorkload(workload("wait-q"));
        executor.heartbeat();
        events.addAll(executor.drainEvents());

        long pid = executor.workerPids().get(key("wait-q"));
        assertThat(eventsOf("wait-q")).singleElement().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.QUEUED);
            assertThat(event.info()).contains("local:test-host:" + pid);
        });
        release("wait-q");
        awaitEvent("wait-q", TaskState.SUCCESS);
    }

    @Test
    void aRefusedLaunchIsForgottenWithoutAnEvent() {
        executor.queueWorkload(workload("refuse"));
        executor.queueWorkload(workload("ok"));
        executor.heartbeat();

        awaitEvent("ok", TaskState.SUCCESS);
        await().until(() -> {
            executor.sync();
            return executor.running().isEmpty();
        });
        events.addAll(executor.drainEvents());
        assertThat(eventsOf("refuse")).extracting(ExecutorEvent::state).containsExactly(TaskState.QUEUED);
        assertThat(executor.hasTask(key("refuse"))).isFalse();
    }

    @Test
    void workerOutputDoesNotBlockOnAPipeNobodyReads() {
        executor.queueWorkload(workload("chatty"));
        executor.heartbeat();

        awaitEvent("chatty", TaskState.SUCCESS);
    }

    @Test
    void endWaitsForRunningWorkers() {
        executor.queueWorkload(workload("slow"));
        executor.heartbeat();
        events.addAll(executor.drainEvents());
        long pid = executor.workerPids().get(key("slow"));

        executor.end();

        assertThat(work.resolve("slow.done")).exists();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        events.addAll(executor.drainEvents());
        assertThat(eventsOf("slow")).extracting(ExecutorEvent::state).containsExactly(TaskState.QUEUED, TaskState.SUCCESS);
    }

    @Test
    void terminateLetsWorkersRecordTheFailureThenKillsTheStubbornOnesWithTheirChildren() throws IOException {
        executor.queueWorkload(workload("graceful"));
        executor.queueWorkload(workload("stubborn"));
        executor.heartbeat();
        await().until(() -> Files.exists(work.resolve("graceful.child")) && Files.exists(work.resolve("stubborn.child")));
        long stubbornChild = Long.parseLong(Files.readString(work.resolve("stubborn.child")).strip());

        executor.terminate();

        assertThat(work.resolve("graceful.term")).hasContent("failure-recorded");
        await().until(() -> ProcessHandle.of(stubbornChild).map(p -> !p.isAlive()).orElse(true));
        events.addAll(executor.drainEvents());
        assertThat(eventsOf("graceful")).last().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.FAILED);
            assertThat(event.info().orElseThrow()).contains("code 143 (terminated by SIGTERM)");
        });
        assertThat(eventsOf("stubborn")).last().satisfies(event ->
                assertThat(event.info().orElseThrow()).contains("code 137 (killed by SIGKILL)"));
        assertThat(executor.running()).isEmpty();
    }

    @Test
    void revokeKillsTheWorkerAndItsTaskWithoutAnEvent() throws IOException {
        executor.queueWorkload(workload("stubborn-revoked"));
        executor.heartbeat();
        await().until(() -> Files.exists(work.resolve("stubborn-revoked.child")));
        long child = Long.parseLong(Files.readString(work.resolve("stubborn-revoked.child")).strip());
        long worker = executor.workerPids().get(key("stubborn-revoked"));
        events.addAll(executor.drainEvents());

        executor.revokeTask(key("stubborn-revoked"));

        await().until(() -> ProcessHandle.of(worker).isEmpty() && ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        executor.sync();
        assertThat(executor.drainEvents()).isEmpty();
        assertThat(executor.hasTask(key("stubborn-revoked"))).isFalse();
    }

    @Test
    void aWorkerThatCannotStartFailsTheTryWithTheReason() {
        LocalExecutor broken = executor(1, List.of(work.resolve("no-such-program").toString()));
        broken.queueWorkload(workload("ok"));

        broken.heartbeat();

        assertThat(broken.drainEvents()).singleElement().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.FAILED);
            assertThat(event.info().orElseThrow()).contains("could not start the worker", "no-such-program");
        });
        assertThat(broken.running()).isEmpty();
    }

    @Test
    void adoptsTheLiveWorkerOfAnEarlierSchedulerAndReportsItsEnd() throws IOException {
        TaskInstanceKey key = key("wait-adopted");
        Process orphan = new ProcessBuilder(argv(WorkerCommand.forLaunch(key, 1))).start();
        TaskInstance running = taskInstance(key, TaskState.RUNNING, "local:test-host:" + orphan.pid());
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        List<TaskInstance> others = List.of(
                taskInstance(key("gone"), TaskState.RUNNING, "local:test-host:" + deadPid()),
                taskInstance(key("elsewhere"), TaskState.RUNNING, "local:other-host:" + orphan.pid()),
                taskInstance(key("reused-pid"), TaskState.RUNNING, "local:test-host:" + unrelated.pid()),
                taskInstance(key("a-pod"), TaskState.QUEUED, "taskpod/a-pod-1"));
        try {
            List<TaskInstance> notAdopted = executor.tryAdoptTaskInstances(
                    Stream.concat(Stream.of(running), others.stream()).toList());

            assertThat(notAdopted).containsExactlyElementsOf(others);
            assertThat(executor.running()).containsExactly(key);
            release("wait-adopted");
            assertThat(awaitEvent("wait-adopted", TaskState.FAILED).info().orElseThrow())
                    .contains("exit code unknown: an adopted worker");
            assertThat(executor.running()).isEmpty();
        } finally {
            orphan.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }

    private List<String> argv(List<String> workerCommand) {
        List<String> argv = new ArrayList<>(List.of("env", "WORK=" + work, "bash", "-c", FAKE_WORKER, "taskpod"));
        argv.addAll(workerCommand.subList(1, workerCommand.size()));
        return argv;
    }

    private static long deadPid() throws IOException {
        Process process = new ProcessBuilder("true").start();
        process.onExit().join();
        return process.pid();
    }

    private static TaskInstance taskInstance(TaskInstanceKey key, TaskState state, String externalId) {
        return new TaskInstance(key, state, "default", Optional.empty(), 1, 0, Optional.of("scheduler-1"),
                Optional.of(externalId), Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private LocalExecutor executor(int parallelism, List<String> prefix) {
        return new LocalExecutor(parallelism, new ProcessWorkerLauncher(prefix, Map.of("WORK", work.toString()),
                work.resolve("worker-output")), "test-host", Duration.ofSeconds(2));
    }

    private ExecutorEvent awaitEvent(String taskId, TaskState state) {
        CompletableFuture<ExecutorEvent> found = new CompletableFuture<>();
        await().until(() -> {
            executor.sync();
            events.addAll(executor.drainEvents());
            eventsOf(taskId).stream().filter(e -> e.state() == state).findFirst().ifPresent(found::complete);
            return found.isDone();
        });
        return found.join();
    }

    private List<ExecutorEvent> eventsOf(String taskId) {
        return events.stream().filter(e -> e.key().taskId().equals(taskId)).toList();
    }

    private long startedMarkers() throws IOException {
        try (var files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".started")).count();
        }
    }

    private void release(String taskId) {
        try {
            Files.createFile(work.resolve(taskId + ".release"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("dag", taskId, "run1", 1, -1);
    }

    private static ExecuteTask workload(String taskId) {
        return new ExecuteTask(key(taskId), "default", 1, Optional.empty(), Map.of(), 1,
                WorkerCommand.forLaunch(key(taskId), 1));
    }
}
