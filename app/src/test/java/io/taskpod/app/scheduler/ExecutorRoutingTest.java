package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scheduler with several executors and with the LocalKubernetesExecutor, on a real database: which executor
 * (and which side) runs, adopts and revokes each task instance, and that a full one never starves another.
 */
class ExecutorRoutingTest {

    @RegisterExtension
    final SchedulerHarnessExtension harness = new SchedulerHarnessExtension();

    private Scheduler scheduler(String schedulerId, Executor... executors) {
        return harness.get().scheduler(SchedulerHarness.settings(schedulerId), RunScope.ALL_EXCEPT_TEST,
                ExecutorRouter.of(List.of(executors)));
    }

    private static LocalKubernetesExecutor hybrid(RecordingExecutor local, RecordingExecutor kubernetes,
            String... kubernetesQueues) {
        return new LocalKubernetesExecutor(local, kubernetes, List.of(kubernetesQueues));
    }

    private static List<String> launched(RecordingExecutor executor) {
        return executor.launched.stream().map(w -> w.key().taskId()).toList();
    }

    private static List<String> taskIds(List<?> items) {
        return items.stream().map(item -> item instanceof TaskInstance ti ? ti.key().taskId()
                : ((TaskInstanceKey) item).taskId()).toList();
    }

    /** Drives the scheduler and plays the workers of every executor until the run is finished. */
    private DagRunState runToCompletion(Scheduler scheduler, RunKey run, RecordingExecutor... executors) {
        SchedulerHarness h = harness.get();
        for (int round = 0; round < 100; round++) {
            SchedulerHarness.runUntilIdle(scheduler);
            if (h.runState(run).isFinished()) {
                return h.runState(run);
            }
            for (RecordingExecutor executor : executors) {
                h.finishLaunched(executor, w -> true);
            }
            h.clock.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("run " + run + " did not finish: " + h.describe(run));
    }

    @Test
    void localAndKubernetesTasksThatDependOnEachOtherEachRunOnTheirSide() {
        SchedulerHarness h = harness.get().dag(dag("ml")
                .task(task("extract"))
                .task(task("train").queue("gpu-queue").dependsOn("extract"))
                .task(task("publish").queue("kubernetes").dependsOn("train"))
                .task(task("report").dependsOn("publish"))
                .build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 4);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 4);
        Scheduler scheduler = scheduler("s1", hybrid(local, kubernetes, "kubernetes", "gpu-queue"));
        RunKey run = h.trigger("ml");

        assertThat(runToCompletion(scheduler, run, local, kubernetes)).isEqualTo(DagRunState.SUCCESS);

        assertThat(launched(local)).containsExactly("extract", "report");
        assertThat(launched(kubernetes)).containsExactly("train", "publish");
        assertThat(kubernetes.launched).extracting(ExecuteTask::queue).containsExactly("gpu-queue", "kubernetes");
        assertThat(h.executions).hasSize(4).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        assertThat(h.ti(run, "train").externalExecutorId()).contains("KubernetesExecutor/train-1");
    }

    @Test
    void eachTaskRunsOnTheExecutorItNamesAndTheFirstIsTheDefault() {
        SchedulerHarness h = harness.get().dag(dag("mixed")
                .task(task("unnamed"))
                .task(task("pod").executor("KubernetesExecutor"))
                .task(task("local-on-kubernetes-queue").executor("LocalExecutor").queue("kubernetes"))
                .build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 4);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 4);
        Scheduler scheduler = scheduler("s1", local, kubernetes);
        RunKey run = h.trigger("mixed");

        assertThat(runToCompletion(scheduler, run, local, kubernetes)).isEqualTo(DagRunState.SUCCESS);

        assertThat(launched(local)).containsExactlyInAnyOrder("unnamed", "local-on-kubernetes-queue");
        assertThat(launched(kubernetes)).containsExactly("pod");
    }

    /**
     * {@code [core] executor = LocalKubernetesExecutor,LocalExecutor}: the task's executor picks the entry, and within
     * the LocalKubernetesExecutor the queue picks the side.
     */
    @Test
    void queueRoutingAndPerTaskChoiceCombineWhenTheHybridIsOneEntryOfTheList() {
        SchedulerHarness h = harness.get().dag(dag("combined")
                .task(task("default-queue"))
                .task(task("kubernetes-queue").queue("kubernetes"))
                .task(task("named-hybrid").executor("LocalKubernetesExecutor").queue("kubernetes"))
                .task(task("named-local").executor("LocalExecutor").queue("kubernetes"))
                .build());
        RecordingExecutor hybridLocal = new RecordingExecutor("LocalExecutor", 4);
        RecordingExecutor hybridKubernetes = new RecordingExecutor("KubernetesExecutor", 4);
        RecordingExecutor standaloneLocal = new RecordingExecutor("LocalExecutor", 4);
        Scheduler scheduler = scheduler("s1", hybrid(hybridLocal, hybridKubernetes, "kubernetes"), standaloneLocal);
        RunKey run = h.trigger("combined");

        assertThat(runToCompletion(scheduler, run, hybridLocal, hybridKubernetes, standaloneLocal))
                .isEqualTo(DagRunState.SUCCESS);

        assertThat(launched(hybridLocal)).containsExactly("default-queue");
        assertThat(launched(hybridKubernetes)).containsExactlyInAnyOrder("kubernetes-queue", "named-hybrid");
        assertThat(launched(standaloneLocal)).containsExactly("named-local");
    }

    @Test
    void whenTheHybridIsNotTheDefaultATaskMustNameItForItsQueueToMatter() {
        SchedulerHarness h = harness.get().dag(dag("second")
                .task(task("unnamed-on-kubernetes-queue").queue("kubernetes"))
                .task(task("named").executor("LocalKubernetesExecutor").queue("kubernetes"))
                .build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 4);
        RecordingExecutor hybridLocal = new RecordingExecutor("LocalExecutor", 4);
        RecordingExecutor hybridKubernetes = new RecordingExecutor("KubernetesExecutor", 4);
        Scheduler scheduler = scheduler("s1", local, hybrid(hybridLocal, hybridKubernetes, "kubernetes"));
        RunKey run = h.trigger("second");

        assertThat(runToCompletion(scheduler, run, local, hybridLocal, hybridKubernetes)).isEqualTo(DagRunState.SUCCESS);

        assertThat(launched(local)).containsExactly("unnamed-on-kubernetes-queue");
        assertThat(launched(hybridKubernetes)).containsExactly("named");
        assertThat(hybridLocal.launched).isEmpty();
    }

    /**
     * One side has a backlog of higher-priority tasks than its two slots can take, and the candidate window
     * ({@code max_tis_per_query} 3) is smaller than that backlog: the other side still gets its tasks at once, the
     * backlog stays scheduled (never queued beyond the slots), and in the end every task runs exactly once.
     */
    @ParameterizedTest(name = "{0}, backlog on the {1} side")
    @CsvSource({"hybrid, local", "hybrid, kubernetes", "list, local", "list, kubernetes"})
    void aSaturatedSideNeverStarvesTheOther(String configuration, String backlogSide) {
        boolean hybrid = configuration.equals("hybrid");
        TestDags.DagBuilder busy = dag("busy").maxActiveTasks(64);
        IntStream.range(0, 10).forEach(i -> busy.task(onSide(task("backlog" + i).priority(10), backlogSide, hybrid)));
        String otherSide = backlogSide.equals("local") ? "kubernetes" : "local";
        IntStream.range(0, 2).forEach(i -> busy.task(onSide(task("other" + i), otherSide, hybrid)));
        SchedulerHarness h = harness.get().dag(busy.build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 2);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 2);
        List<Executor> executors = hybrid ? List.of(hybrid(local, kubernetes, "kubernetes")) : List.of(local, kubernetes);
        Scheduler scheduler = h.scheduler(withMaxTisPerQuery(SchedulerHarness.settings("s1"), 3), RunScope.ALL_EXCEPT_TEST,
                ExecutorRouter.of(executors));
        RunKey run = h.trigger("busy");

        SchedulerHarness.runUntilIdle(scheduler);

        RecordingExecutor backlogged = backlogSide.equals("local") ? local : kubernetes;
        RecordingExecutor other = backlogged == local ? kubernetes : local;
        assertThat(launched(backlogged)).containsExactly("backlog0", "backlog1");
        assertThat(launched(other)).containsExactlyInAnyOrder("other0", "other1");
        assertThat(h.tis(run).stream().filter(ti -> ti.state() == TaskState.QUEUED)).hasSize(4);
        assertThat(h.tis(run).stream().filter(ti -> ti.state() == TaskState.SCHEDULED)).hasSize(8);

        assertThat(runToCompletion(scheduler, run, local, kubernetes)).isEqualTo(DagRunState.SUCCESS);
        assertThat(h.executions).hasSize(12).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    }

    private static TestDags.TaskBuilder onSide(TestDags.TaskBuilder task, String side, boolean hybrid) {
        if (side.equals("local")) {
            return task;
        }
        return hybrid ? task.queue("kubernetes") : task.executor("KubernetesExecutor");
    }

    private static SchedulerSettings withMaxTisPerQuery(SchedulerSettings s, int maxTisPerQuery) {
        return new SchedulerSettings(s.schedulerId(), s.parallelism(), maxTisPerQuery, s.heartbeatInterval(),
                s.healthCheckThreshold(), s.idleSleep(), s.orphanedTasksCheckInterval(), s.taskQueuedTimeout(),
                s.taskQueuedTimeoutCheckInterval(), s.numStuckInQueuedRetries(), s.taskInstanceHeartbeatTimeout(),
                s.zombieCheckInterval(), s.clearNotLaunchedInterval(), s.dagDirListInterval(), s.defaultRetryDelay(),
                s.dagsArePausedAtCreation());
    }

    /**
     * A restart with the same scheduler id: the Kubernetes side is offered only the Kubernetes task instances (and
     * adopts their pods, launching nothing); the local side only the local ones, by its own rules (here: no live
     * worker, so the queued try is launched again and the running one is left to its heartbeat).
     */
    @Test
    void afterARestartEachSideIsOfferedOnlyItsOwnTaskInstances() {
        SchedulerHarness h = harness.get().dag(dag("restart")
                .task(task("pod-running").queue("kubernetes"))
                .task(task("pod-queued").queue("kubernetes"))
                .task(task("process-running"))
                .task(task("process-queued"))
                .build());
        RecordingExecutor localBefore = new RecordingExecutor("LocalExecutor", 8);
        RecordingExecutor kubernetesBefore = new RecordingExecutor("KubernetesExecutor", 8);
        Scheduler first = scheduler("s1", hybrid(localBefore, kubernetesBefore, "kubernetes"));
        RunKey run = h.trigger("restart");
        SchedulerHarness.runUntilIdle(first);
        h.worker.start(h.ti(run, "pod-running").key());
        h.worker.start(h.ti(run, "process-running").key());
        h.crash(first);

        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 8);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 8).adoptingEverything();
        Scheduler restarted = scheduler("s1", hybrid(local, kubernetes, "kubernetes"));
        SchedulerHarness.runUntilIdle(restarted);

        assertThat(taskIds(kubernetes.offered)).containsExactlyInAnyOrder("pod-running", "pod-queued");
        assertThat(taskIds(local.offered)).containsExactlyInAnyOrder("process-running", "process-queued");
        assertThat(kubernetes.launched).isEmpty();
        assertThat(taskIds(List.copyOf(kubernetes.running()))).containsExactlyInAnyOrder("pod-running", "pod-queued");
        assertThat(local.launched).extracting(w -> w.key().taskId() + "/" + w.launchAttempt())
                .containsExactly("process-queued/2");
        assertThat(h.ti(run, "process-running").state()).isEqualTo(TaskState.RUNNING);
        assertThat(h.ti(run, "pod-queued").launchAttempt()).isEqualTo(1);
    }

    /**
     * Task instances of a dead scheduler with {@code LocalKubernetesExecutor,LocalExecutor}: one that names the
     * LocalExecutor is offered to it even on the {@code kubernetes} queue, never to the Kubernetes side (Airflow's
     * #42151: the Kubernetes side reset another executor's task instances by their queue).
     */
    @Test
    void orphansOfADeadSchedulerGoToTheExecutorAndSideThatRunThem() {
        SchedulerHarness h = harness.get().dag(dag("orphans")
                .task(task("pod").queue("kubernetes"))
                .task(task("process"))
                .task(task("named-local").executor("LocalExecutor").queue("kubernetes"))
                .build());
        Scheduler dead = scheduler("dead", hybrid(new RecordingExecutor("LocalExecutor", 8),
                new RecordingExecutor("KubernetesExecutor", 8), "kubernetes"), new RecordingExecutor("LocalExecutor", 8));
        RunKey run = h.trigger("orphans");
        SchedulerHarness.runUntilIdle(dead);
        h.tis(run).forEach(ti -> h.worker.start(ti.key()));
        h.crash(dead);
        h.clock.advance(Duration.ofSeconds(31));

        RecordingExecutor hybridLocal = new RecordingExecutor("LocalExecutor", 8).adoptingEverything();
        RecordingExecutor hybridKubernetes = new RecordingExecutor("KubernetesExecutor", 8).adoptingEverything();
        RecordingExecutor standaloneLocal = new RecordingExecutor("LocalExecutor", 8).adoptingEverything();
        Scheduler survivor = scheduler("survivor", hybrid(hybridLocal, hybridKubernetes, "kubernetes"), standaloneLocal);
        SchedulerHarness.runUntilIdle(survivor);

        assertThat(taskIds(hybridKubernetes.offered)).containsExactly("pod");
        assertThat(taskIds(hybridLocal.offered)).containsExactly("process");
        assertThat(taskIds(standaloneLocal.offered)).containsExactly("named-local");
        assertThat(h.tis(run)).allSatisfy(ti -> assertThat(ti.queuedBy()).contains("survivor"));
        assertThat(h.counter("scheduler.orphaned_tasks.adopted")).isEqualTo(3);
    }

    /**
     * A Kubernetes try whose worker stopped heartbeating (a zombie) and a local try stuck in queued: each is revoked
     * on its own side only, and each is launched again there.
     */
    @Test
    void revocationReachesOnlyTheSideThatOwnsTheTry() {
        SchedulerHarness h = harness.get().dag(dag("revoke")
                .task(task("pod").queue("kubernetes").retries(1, Duration.ofSeconds(1)))
                .task(task("process"))
                .build());
        RecordingExecutor local = new RecordingExecutor("LocalExecutor", 8);
        RecordingExecutor kubernetes = new RecordingExecutor("KubernetesExecutor", 8);
        Scheduler scheduler = scheduler("s1", hybrid(local, kubernetes, "kubernetes"));
        RunKey run = h.trigger("revoke");
        SchedulerHarness.runUntilIdle(scheduler);
        TaskInstanceKey pod = h.ti(run, "pod").key();
        TaskInstanceKey process = h.ti(run, "process").key();
        h.worker.start(pod);

        h.clock.advance(Duration.ofSeconds(601));
        SchedulerHarness.runUntilIdle(scheduler);
        h.clock.advance(Duration.ofSeconds(2));
        SchedulerHarness.runUntilIdle(scheduler);

        assertThat(kubernetes.revoked).containsExactly(pod);
        assertThat(local.revoked).containsExactly(process);
        assertThat(h.ti(run, "pod").failureReason()).hasValueSatisfying(reason -> assertThat(reason).contains("zombie"));
        assertThat(launched(kubernetes)).containsExactly("pod", "pod");
        assertThat(kubernetes.launched.get(1).key().tryNumber()).isEqualTo(2);
        assertThat(local.launched).extracting(w -> w.key().taskId() + "/" + w.launchAttempt())
                .containsExactly("process/1", "process/2");
        assertThat(h.ti(run, "process").state()).isEqualTo(TaskState.QUEUED);
    }
}
