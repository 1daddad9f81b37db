package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The LocalExecutor's own bookkeeping (slots, events, stop, revoke) over a scripted {@link TaskRunner}; the runner
 * that runs real tasks against the database is tested in the app module.
 */
class LocalExecutorTest {

    private final ScriptedRunner runner = new ScriptedRunner();
    private final LocalExecutor executor = new LocalExecutor(2, runner, "local:host-1:42", Duration.ofMillis(200));

    @Test
    void runsAtMostParallelismTriesAtOnce() {
        for (int i = 1; i <= 4; i++) {
            executor.queueWorkload(workload("t" + i));
        }

        executor.heartbeat();

        assertThat(runner.started()).containsExactly("t1", "t2");
        assertThat(executor.running()).hasSize(2);
        assertThat(executor.queuedTasks()).hasSize(2);
        assertThat(executor.openSlots()).isZero();

        runner.end("t1", 0, "success");
        executor.sync();
        executor.heartbeat();

        assertThat(runner.started()).containsExactly("t1", "t2", "t3");
        assertThat(ends()).extracting(ExecutorEvent::state).containsExactly(TaskState.SUCCESS);
    }

    @Test
    void aStartedTryIsReportedQueuedWithWhereItRuns() {
        executor.queueWorkload(workload("t1"));

        executor.heartbeat();

        assertThat(executor.drainEvents()).containsExactly(ExecutorEvent.of(key("t1"), TaskState.QUEUED, "local:host-1:42"));
    }

    @Test
    void reportsEachEndAsAnEventWithItsReason() {
        executor.queueWorkload(workload("ok"));
        executor.queueWorkload(workload("fails"));
        executor.heartbeat();

        runner.end("ok", 0, "success");
        runner.end("fails", 1, "failed: task exited with code 5");
        executor.sync();

        assertThat(ends()).containsExactly(
                ExecutorEvent.of(key("ok"), TaskState.SUCCESS, "success"),
                ExecutorEvent.of(key("fails"), TaskState.FAILED,
                        "exit code 1 (the task failed): failed: task exited with code 5"));
        assertThat(executor.running()).isEmpty();
    }

    @Test
    void anEndWakesTheSchedulerOnceItIsReadyForSync() {
        AtomicInteger wakeUps = new AtomicInteger();
        executor.onEventsPending(wakeUps::incrementAndGet);
        executor.queueWorkload(workload("ok"));
        executor.heartbeat();
        assertThat(wakeUps).hasValue(0);

        runner.end("ok", 0, "success");

        assertThat(wakeUps).hasValue(1);
        executor.sync();
        assertThat(ends()).extracting(ExecutorEvent::state).containsExactly(TaskState.SUCCESS);
    }

    @Test
    void aRefusedLaunchIsForgottenWithoutAnEvent() {
        executor.queueWorkload(workload("duplicate"));
        executor.heartbeat();

        runner.end("duplicate", WorkerExitCode.REFUSED, "refused: try 1 is already running elsewhere");
        executor.sync();

        assertThat(ends()).isEmpty();
        assertThat(executor.hasTask(key("duplicate"))).isFalse();
        assertThat(executor.openSlots()).isEqualTo(2);
    }

    @Test
    void revokeKillsTheTaskAndForgetsTheTryWithoutAnEvent() {
        executor.queueWorkload(workload("long"));
        executor.heartbeat();

        executor.revokeTask(key("long"));
        runner.end("long", 1, "task stopped, nothing recorded: the try was revoked");
        executor.sync();

        assertThat(runner.revoked).containsExactly("long");
        assertThat(ends()).isEmpty();
        assertThat(executor.hasTask(key("long"))).isFalse();
    }

    @Test
    void endWaitsForRunningTriesThenClosesTheRunner() {
        executor.queueWorkload(workload("slow"));
        executor.heartbeat();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(executor::end);
        assertThat(ended).isNotDone();

        runner.end("slow", 0, "success");

        ended.join();
        assertThat(ends()).extracting(ExecutorEvent::state).containsExactly(TaskState.SUCCESS);
        assertThat(runner.closed).isTrue();
    }

    @Test
    void terminateStopsEveryTaskAndRevokesThoseThatDoNotEndWithinTheGrace() {
        executor.queueWorkload(workload("graceful"));
        executor.queueWorkload(workload("stubborn"));
        executor.heartbeat();
        runner.onStop("graceful", () -> runner.end("graceful", 1, "failed: the scheduler was stopped while the task ran"));
        runner.onRevoke("stubborn", () -> runner.end("stubborn", 1, "task stopped, nothing recorded: the try was revoked"));

        executor.terminate();

        assertThat(runner.stopped).containsExactly("graceful", "stubborn");
        assertThat(runner.revoked).containsExactly("stubborn");
        assertThat(ends()).extracting(ExecutorEvent::key, ExecutorEvent::state).containsExactly(
                tuple(key("graceful"), TaskState.FAILED),
                tuple(key("stubborn"), TaskState.FAILED));
        assertThat(executor.running()).isEmpty();
        assertThat(runner.closed).isTrue();
    }

    @Test
    void triesOfADeadSchedulerAreNotAdopted() {
        TaskInstance running = new TaskInstance(key("orphan"), TaskState.RUNNING, "default", Optional.empty(), 1, 0,
                Optional.of("scheduler-1"), Optional.empty(), Optional.of("host-1"), 1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(executor.tryAdoptTaskInstances(List.of(running))).containsExactly(running);
        assertThat(executor.running()).isEmpty();
    }

    /** The drained events but {@code QUEUED} (which say where each try runs). */
    private List<ExecutorEvent> ends() {
        return executor.drainEvents().stream().filter(event -> event.state() != TaskState.QUEUED).toList();
    }

    private static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("dag", taskId, "run1", 1, -1);
    }

    private static ExecuteTask workload(String taskId) {
        return new ExecuteTask(key(taskId), "default", 1, Optional.empty(), Map.of(), 1,
                WorkerCommand.forTask(key(taskId)));
    }

    /** Starts nothing: each try ends when the test says so. */
    private static final class ScriptedRunner implements TaskRunner {

        final Map<String, CompletableFuture<WorkerExit>> ends = new LinkedHashMap<>();
        final Map<String, Runnable> onStop = new LinkedHashMap<>();
        final Map<String, Runnable> onRevoke = new LinkedHashMap<>();
        final List<String> stopped = new ArrayList<>();
        final List<String> revoked = new ArrayList<>();
        boolean closed;

        @Override
        public RunningTry start(ExecuteTask workload) {
            String taskId = workload.key().taskId();
            CompletableFuture<WorkerExit> end = new CompletableFuture<>();
            ends.put(taskId, end);
            return new RunningTry() {
                @Override
                public CompletableFuture<WorkerExit> onEnd() {
                    return end;
                }

                @Override
                public void stop(String reason) {
                    stopped.add(taskId);
                    onStop.getOrDefault(taskId, () -> {}).run();
                }

                @Override
                public void revoke(String reason) {
                    revoked.add(taskId);
                    onRevoke.getOrDefault(taskId, () -> {}).run();
                }
            };
        }

        List<String> started() {
            return List.copyOf(ends.keySet());
        }

        void end(String taskId, int exitCode, String message) {
            ends.get(taskId).complete(new WorkerExit(exitCode, message));
        }

        void onStop(String taskId, Runnable action) {
            onStop.put(taskId, action);
        }

        void onRevoke(String taskId, Runnable action) {
            onRevoke.put(taskId, action);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
