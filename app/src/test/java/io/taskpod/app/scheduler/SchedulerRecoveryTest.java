package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.scheduler.SchedulerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several schedulers on one database, dead schedulers, restarts with the same id. */
class SchedulerRecoveryTest {

    @RegisterExtension
    final SchedulerHarnessExtension harness = new SchedulerHarnessExtension();

    private static TaskInstanceKey keyOf(RecordingExecutor executor, String taskId) {
        return executor.launched.stream().map(ExecuteTask::key).filter(k -> k.taskId().equals(taskId)).findFirst()
                .orElseThrow();
    }

    /**
     * Two schedulers, each with its own executor and workers, loop concurrently over one wide DAG: every task
     * instance is queued once, launched once and run once, and both schedulers get a share.
     */
    @Test
    void twoSchedulersOnOneDatabaseNeverQueueATaskInstanceTwice() throws Exception {
        int width = 60;
        TestDags.DagBuilder wide = dag("wide");
        IntStream.range(0, width).forEach(i -> wide.task(task("t" + i)));
        wide.task(task("join").dependsOn(IntStream.range(0, width).mapToObj(i -> "t" + i).toArray(String[]::new)));
        SchedulerHarness h = harness.get().dag(wide.maxActiveTasks(64).build());
        RecordingExecutor first = new RecordingExecutor("LocalExecutor", 8);
        RecordingExecutor second = new RecordingExecutor("LocalExecutor", 8);
        Scheduler s1 = h.scheduler("s1", first);
        Scheduler s2 = h.scheduler("s2", second);
        RunKey run = h.trigger("wide");

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Phaser lockstep = new Phaser(2);
            List<Future<Void>> loops = threads.invokeAll(
                    List.of(loop(h, s1, first, run, lockstep), loop(h, s2, second, run, lockstep)));
            for (Future<Void> loop : loops) {
                loop.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(h.runState(run)).isEqualTo(DagRunState.SUCCESS);
        List<TaskInstanceKey> launched = new ArrayList<>(first.launchedKeys());
        launched.addAll(second.launchedKeys());
        assertThat(launched).hasSize(width + 1).doesNotHaveDuplicates();
        assertThat(h.executions).hasSize(width + 1).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        assertThat(h.transitions.forRun(run).stream().filter(t -> t.to() == TaskState.QUEUED)).hasSize(width + 1);
        assertThat(first.launched).isNotEmpty();
        assertThat(second.launched).isNotEmpty();
    }

    /** One scheduler's loop; both loops start each iteration together, so they race the critical section. */
    private static Callable<Void> loop(SchedulerHarness h, Scheduler scheduler, RecordingExecutor executor, RunKey run,
            Phaser lockstep) {
        return () -> {
            try {
                for (int i = 0; i < 2_000 && !h.runState(run).isFinished(); i++) {
                    lockstep.arriveAndAwaitAdvance();
                    scheduler.runOnce();
                    h.finishLaunched(executor, w -> true);
                }
            } finally {
                lockstep.arriveAndDeregister();
            }
            return null;
        };
    }

    @Test
    void tasksOfADeadSchedulerAreRequeuedWhenQueuedAndWatchedWhenRunning() {
        SchedulerHarness h = harness.get().dag(dag("orphans").task(task("running").retries(1, Duration.ofSeconds(1)))
                .task(task("queued")).build());
        RecordingExecutor deadExecutor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler dead = h.scheduler("dead", deadExecutor);
        RunKey run = h.trigger("orphans");
        SchedulerHarness.runUntilIdle(dead);
        h.worker.start(keyOf(deadExecutor, "running"));
        h.crash(dead);

        h.clock.advance(Duration.ofSeconds(31));
        RecordingExecutor executor = new RecordingExecutor("LocalExecutor", 32);
        Scheduler survivor = h.scheduler("survivor", executor);
        SchedulerHarness.runUntilIdle(survivor);

        assertThat(new SchedulerRepository(h.jdbc).find("dead").orElseThrow().state()).isEqualTo(SchedulerState.FAILED);
        assertThat(executor.launched).extracting(w -> w.key().taskId() + "#" + w.key().tryNumber() + "/" + w.launchAttempt())
                .containsExactly("queued#1/2");
        TaskInstance running = h.ti(run, "running");
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.queuedBy()).contains("survivor");
        assertThat(h.ti(run, "queued").queuedBy()).contains("survivor");
        assertThat(h.counter("scheduler.orphaned_tasks.cleared")).isEqualTo(1);

        h.clock.advance(Duration.ofSeconds(301));
        SchedulerHarness.runUntilIdle(survivor);
        assertThat(h.ti(run, "running").state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(h.ti(run, "running").failureReason()).hasValueSatisfying(r -> assertThat(r).contains("zombie"));
    }

    @Test
    void anExecutorThatFindsTheTasksAdoptsThemWithoutRelaunching() {
        SchedulerHarness h = harness.get().dag(dag("pods").task(task("a").retries(1, Duration.ofSeconds(1))).task(task("b"))
                .build());
        RecordingExecutor deadExecutor = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler dead = h.scheduler("dead", deadExecutor);
        RunKey run = h.trigger("pods");
        SchedulerHarness.runUntilIdle(dead);
        h.crash(dead);

        h.clock.advance(Duration.ofSeconds(31));
        RecordingExecutor executor = new RecordingExecutor("KubernetesExecutor", 32).adoptingEverything();
        Scheduler survivor = h.scheduler("survivor", executor);
        SchedulerHarness.runUntilIdle(survivor);

        assertThat(executor.launched).isEmpty();
        assertThat(executor.running()).hasSize(2);
        assertThat(h.tis(run)).allMatch(ti -> ti.queuedBy().equals(Optional.of("survivor")));
        assertThat(h.counter("scheduler.orphaned_tasks.adopted")).isEqualTo(2);

        TaskInstanceKey a = keyOf(deadExecutor, "a");
        executor.report(a, TaskState.FAILED, "pod deleted");
        SchedulerHarness.runUntilIdle(survivor);
        assertThat(h.ti(run, "a").state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(h.counter("scheduler.tasks.killed_externally")).isEqualTo(1);
    }

    @Test
    void aRestartWithTheSameIdResumesItsOwnWorkAtOnce() {
        SchedulerHarness h = harness.get().dag(dag("restart").task(task("queued")).task(task("running")).build());
        RecordingExecutor before = new RecordingExecutor("LocalExecutor", 32);
        Scheduler first = h.scheduler("s1", before);
        RunKey run = h.trigger("restart");
        SchedulerHarness.runUntilIdle(first);
        h.worker.start(keyOf(before, "running"));
        h.crash(first);

        RecordingExecutor after = new RecordingExecutor("LocalExecutor", 32);
        Scheduler restarted = h.scheduler("s1", after);
        SchedulerHarness.runUntilIdle(restarted);

        assertThat(after.launched).extracting(w -> w.key().taskId() + "/" + w.launchAttempt()).containsExactly("queued/2");
        assertThat(h.ti(run, "running").state()).isEqualTo(TaskState.RUNNING);
        h.worker.succeed(keyOf(before, "running"));
        assertThat(h.runToCompletion(restarted, after, run, w -> true)).isEqualTo(DagRunState.SUCCESS);
    }

    /**
     * A hand-over lost between the critical section and the executor: the next {@code clear_not_launched_interval}
     * pass puts the task instance back to scheduled with its try, and it is launched again. Each executor is asked
     * only about the task instances it runs, and never about another scheduler's.
     */
    @Test
    void aQueuedTaskInstanceItsExecutorNeverLaunchedIsScheduledAgainKeepingItsTry() {
        SchedulerHarness h = harness.get()
                .dag(dag("other").task(task("theirs").executor("KubernetesExecutor")).build())
                .dag(dag("ours").task(task("lost").executor("KubernetesExecutor"))
                        .task(task("kept").executor("KubernetesExecutor")).task(task("local")).build());
        RecordingExecutor siblingPods = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler sibling = h.scheduler("s2", new RecordingExecutor("LocalExecutor", 32), siblingPods);
        RunKey theirs = h.trigger("other");
        SchedulerHarness.runUntilIdle(sibling);
        siblingPods.lose(keyOf(siblingPods, "theirs"));
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 32);
        RecordingExecutor pods = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", local, pods);
        RunKey run = h.trigger("ours");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey lost = keyOf(pods, "lost");
        pods.lose(lost);

        h.clock.advance(Duration.ofSeconds(61));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(pods.launched).extracting(w -> w.key().taskId() + "#" + w.key().tryNumber() + "/" + w.launchAttempt())
                .containsExactlyInAnyOrder("lost#1/1", "kept#1/1", "lost#1/2").endsWith("lost#1/2");
        assertThat(h.ti(run, "lost").state()).isEqualTo(TaskState.QUEUED);
        assertThat(h.ti(run, "lost").key().tryNumber()).isEqualTo(1);
        assertThat(h.transitions.forRun(run).stream().filter(t -> t.from().equals(Optional.of(TaskState.QUEUED))
                && t.to() == TaskState.SCHEDULED)).singleElement().satisfies(t -> {
                    assertThat(t.taskInstance().taskId()).isEqualTo("lost");
                    assertThat(t.changedBy()).contains("s1");
                    assertThat(t.reason()).hasValueSatisfying(r -> assertThat(r).contains("never launched"));
                });
        assertThat(h.counter("scheduler.tasks.not_launched_cleared")).isEqualTo(1);
        assertThat(pods.askedNotLaunched).extracting(ti -> ti.key().taskId()).containsOnly("lost", "kept");
        assertThat(local.askedNotLaunched).extracting(ti -> ti.key().taskId()).containsOnly("local");
        assertThat(h.ti(theirs, "theirs").state()).isEqualTo(TaskState.QUEUED);
        assertThat(h.ti(theirs, "theirs").queuedBy()).contains("s2");
    }

    /**
     * Between reading its queued task instances and writing the reset, a sibling adopted the try and queued it
     * again: the clear must not undo the sibling's launch.
     */
    @Test
    void aTryQueuedAgainByASiblingWhileTheExecutorIsAskedIsNotReset() {
        SchedulerHarness h = harness.get().dag(dag("moved").task(task("lost").executor("KubernetesExecutor")).build());
        SchedulerHarness.runUntilIdle(h.scheduler("s2", new RecordingExecutor("LocalExecutor", 32),
                new RecordingExecutor("KubernetesExecutor", 32)));
        RecordingExecutor pods = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32), pods);
        RunKey run = h.trigger("moved");
        SchedulerHarness.runUntilIdle(scheduler);
        pods.lose(keyOf(pods, "lost"));
        pods.askedNotLaunched.clear();
        pods.whenAskedNotLaunched(() -> h.jdbc.withConnection("sibling queues again", connection -> {
            try (var update = connection.prepareStatement("UPDATE task_instance SET queued_by = 's2',"
                    + " launch_attempt = launch_attempt + 1 WHERE task_id = 'lost'")) {
                return update.executeUpdate();
            }
        }));

        h.clock.advance(Duration.ofSeconds(61));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(pods.askedNotLaunched).extracting(ti -> ti.key().taskId()).containsExactly("lost");
        assertThat(h.ti(run, "lost").state()).isEqualTo(TaskState.QUEUED);
        assertThat(h.ti(run, "lost").queuedBy()).contains("s2");
        assertThat(h.ti(run, "lost").launchAttempt()).isEqualTo(2);
        assertThat(h.counter("scheduler.tasks.not_launched_cleared")).isZero();
        assertThat(pods.launched).hasSize(1);
    }

    @Test
    void anExecutorThatCannotTellWhatItLaunchedResetsNothingUntilItCan() {
        SchedulerHarness h = harness.get().dag(dag("blind").task(task("lost").executor("KubernetesExecutor")).build());
        RecordingExecutor pods = new RecordingExecutor("KubernetesExecutor", 32);
        Scheduler scheduler = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32), pods);
        RunKey run = h.trigger("blind");
        SchedulerHarness.runUntilIdle(scheduler);
        pods.lose(keyOf(pods, "lost"));
        pods.blind(true);
        pods.askedNotLaunched.clear();

        h.clock.advance(Duration.ofSeconds(61));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(pods.askedNotLaunched).hasSize(1);
        assertThat(h.ti(run, "lost").state()).isEqualTo(TaskState.QUEUED);
        assertThat(pods.launched).hasSize(1);

        pods.blind(false);
        h.clock.advance(Duration.ofSeconds(61));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(pods.launched).extracting(ExecuteTask::launchAttempt).containsExactly(1, 2);
        assertThat(h.ti(run, "lost").key().tryNumber()).isEqualTo(1);
    }

    @Test
    void aSecondLiveProcessWithTheSameIdIsRefused() {
        SchedulerHarness h = harness.get();
        Scheduler first = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));
        first.runOnce();

        Scheduler second = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));

        assertThatThrownBy(second::runOnce).isInstanceOf(SchedulerIdTakenException.class)
                .hasMessageContaining("scheduler id 's1' is in use by another live scheduler")
                .hasMessageContaining("[scheduler] instance_id");
    }

    @Test
    void aProcessWhoseHeartbeatStoppedLosesItsIdToANewOne() {
        SchedulerHarness h = harness.get();
        Scheduler hung = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));
        hung.runOnce();
        h.clock.advance(Duration.ofSeconds(31));

        Scheduler replacement = h.scheduler("s1", new RecordingExecutor("LocalExecutor", 32));
        replacement.runOnce();

        assertThatThrownBy(hung::runOnce).isInstanceOf(SchedulerIdTakenException.class);
        replacement.runOnce();
    }
}
