package io.taskpod.store.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.store.operate.Actor;
import io.taskpod.core.executor.QueueSet;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.AdvisoryLocks;
import io.taskpod.store.Database;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueingRepositoryTest {

    private static final Instant NOW = StoreFixture.T0.plusSeconds(10);

    private final StoreFixture db = StoreFixture.create();
    private final QueueingRepository queueing = new QueueingRepository(db.jdbc);

    @AfterEach
    void close() {
        db.close();
    }

    private void schedule(String dagId, String runId, String taskId, int priority) {
        db.update("UPDATE task_instance SET state = 'scheduled', try_number = 1, priority_weight = ?, scheduled_at = ? "
                + "WHERE dag_id = ? AND run_id = ? AND task_id = ?", priority, NOW, dagId, runId, taskId);
    }

    private static List<TaskInstanceId> all(QueueingSnapshot snapshot) {
        return snapshot.candidates().stream().map(c -> c.taskInstance().id()).toList();
    }

    private List<TaskInstance> queued(QueueingResult result) {
        assertThat(result).isInstanceOf(QueueingResult.Queued.class);
        return ((QueueingResult.Queued) result).queued();
    }

    @Test
    void queuesWhatTheChooserPicksByThisSchedulerWithTheNextLaunchAttempt() {
        db.storeDag(StoreFixture.dag("etl", 16, "low", "high", "waiting"));
        db.runningRun("etl", "r1", "low", "high", "waiting");
        schedule("etl", "r1", "low", 1);
        schedule("etl", "r1", "high", 10);
        List<QueueingSnapshot> seen = new ArrayList<>();

        List<TaskInstance> queued = queued(queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("etl"), 10,
                CandidateFilter.NONE, "s1", NOW, snapshot -> {
                    seen.add(snapshot);
                    return List.of(snapshot.candidates().getFirst().taskInstance().id());
                }));

        assertThat(seen.getFirst().candidates()).extracting(c -> c.taskInstance().key().taskId())
                .containsExactly("high", "low");
        assertThat(seen.getFirst().candidates().getFirst().dagMaxActiveTasks()).isEqualTo(16);
        assertThat(queued).hasSize(1);
        TaskInstance high = queued.getFirst();
        assertThat(high.key().taskId()).isEqualTo("high");
        assertThat(high.state()).isEqualTo(TaskState.QUEUED);
        assertThat(high.queuedBy()).contains("s1");
        assertThat(high.queuedAt()).contains(NOW);
        assertThat(high.launchAttempt()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM task_instance WHERE state = 'scheduled'")).isEqualTo(1);
    }

    @Test
    void leavesOutPausedDagsUnloadedDagsRunsNotRunningAndDagsAtTheirActiveTaskLimit() {
        db.storeDag(StoreFixture.dag("paused", 16, "t"));
        db.storeDag(StoreFixture.dag("full", 1, "t", "busy"));
        db.storeDag(StoreFixture.dag("unloaded", 16, "t"));
        db.storeDag(StoreFixture.dag("ok", 16, "t"));
        new DagRepository(db.jdbc).setPaused("paused", true, new Actor("test"));
        for (String dag : List.of("paused", "full", "unloaded", "ok")) {
            db.runningRun(dag, "r1", "t", "busy");
            schedule(dag, "r1", "t", 1);
        }
        db.run("ok", "queued-run", io.taskpod.core.model.DagRunState.QUEUED, StoreFixture.T0, "t");
        schedule("ok", "queued-run", "t", 1);
        db.update("UPDATE task_instance SET state = 'running' WHERE dag_id IN ('full', 'ok') AND task_id = 'busy' "
                + "AND run_id = 'r1'");
        List<QueueingSnapshot> seen = new ArrayList<>();

        queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("paused", "full", "ok"), 10, CandidateFilter.NONE, "s1",
                NOW, snapshot -> {
            seen.add(snapshot);
            return List.of();
        });

        assertThat(seen.getFirst().candidates()).extracting(c -> c.taskInstance().key().dagId()).containsExactly("ok");
        assertThat(seen.getFirst().executing("ok")).as("a candidate's DAG: its running task instance").isEqualTo(1);
    }

    /**
     * Twenty local tasks of higher priority would fill a candidate limit of five; with the LocalKubernetesExecutor's
     * local side closed, the candidates are the ones an executor can still take, however far back they are.
     */
    @Test
    void theFilterLeavesOutTaskInstancesNoExecutorCanTakeNowSoTheyCannotStarveTheRest() {
        String[] local = IntStream.range(0, 20).mapToObj(i -> "local" + i).toArray(String[]::new);
        String[] all = Stream.concat(Arrays.stream(local),
                Stream.of("pod", "gpu", "named-local", "named-hybrid-local")).toArray(String[]::new);
        db.storeDag(StoreFixture.dag("mixed", 100, all));
        db.runningRun("mixed", "r1", all);
        for (String taskId : local) {
            schedule("mixed", "r1", taskId, 10);
        }
        for (String taskId : List.of("pod", "gpu", "named-local", "named-hybrid-local")) {
            schedule("mixed", "r1", taskId, 1);
        }
        db.update("UPDATE task_instance SET queue = 'kubernetes' WHERE task_id = 'pod'");
        db.update("UPDATE task_instance SET queue = 'gpu-queue' WHERE task_id = 'gpu'");
        db.update("UPDATE task_instance SET executor = 'LocalExecutor' WHERE task_id = 'named-local'");
        db.update("UPDATE task_instance SET executor = 'LocalKubernetesExecutor' WHERE task_id = 'named-hybrid-local'");
        Set<String> kubernetesQueues = Set.of("kubernetes", "gpu-queue");
        CandidateFilter localSideFull = new CandidateFilter(List.of(
                new CandidateFilter.ClosedRoute(Optional.empty(), QueueSet.allExcept(kubernetesQueues)),
                new CandidateFilter.ClosedRoute(Optional.of("LocalKubernetesExecutor"), QueueSet.allExcept(kubernetesQueues))));
        List<QueueingSnapshot> seen = new ArrayList<>();

        queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("mixed"), 5, localSideFull, "s1", NOW, snapshot -> {
            seen.add(snapshot);
            return List.of();
        });
        queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("mixed"), 5, CandidateFilter.NONE, "s1", NOW,
                snapshot -> {
                    seen.add(snapshot);
                    return List.of();
                });

        assertThat(seen.get(0).candidates()).extracting(c -> c.taskInstance().key().taskId())
                .containsExactlyInAnyOrder("pod", "gpu", "named-local");
        assertThat(seen.get(1).candidates()).extracting(c -> c.taskInstance().key().taskId())
                .allMatch(taskId -> taskId.startsWith("local")).hasSize(5);
    }

    @Test
    void aClosedRouteForEveryQueueLeavesOutAllTaskInstancesOfThatExecutor() {
        db.storeDag(StoreFixture.dag("etl", 16, "unnamed", "named", "other"));
        db.runningRun("etl", "r1", "unnamed", "named", "other");
        List.of("unnamed", "named", "other").forEach(taskId -> schedule("etl", "r1", taskId, 1));
        db.update("UPDATE task_instance SET executor = 'LocalExecutor' WHERE task_id = 'named'");
        db.update("UPDATE task_instance SET executor = 'KubernetesExecutor' WHERE task_id = 'other'");
        CandidateFilter localFull = new CandidateFilter(List.of(
                new CandidateFilter.ClosedRoute(Optional.empty(), QueueSet.all()),
                new CandidateFilter.ClosedRoute(Optional.of("LocalExecutor"), QueueSet.all())));

        List<TaskInstance> queued = queued(queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("etl"), 10,
                localFull, "s1", NOW, QueueingRepositoryTest::all));

        assertThat(queued).extracting(t -> t.key().taskId()).containsExactly("other");
    }

    @Test
    void aClosedRouteOfANamedExecutorKeepsTheTaskInstancesThatNameNone() {
        db.storeDag(StoreFixture.dag("etl", 16, "unnamed", "named", "other"));
        db.runningRun("etl", "r1", "unnamed", "named", "other");
        List.of("unnamed", "named", "other").forEach(taskId -> schedule("etl", "r1", taskId, 1));
        db.update("UPDATE task_instance SET executor = 'LocalExecutor' WHERE task_id = 'named'");
        db.update("UPDATE task_instance SET executor = 'KubernetesExecutor' WHERE task_id = 'other'");
        CandidateFilter kubernetesFull = new CandidateFilter(List.of(
                new CandidateFilter.ClosedRoute(Optional.of("KubernetesExecutor"), QueueSet.all())));

        List<TaskInstance> queued = queued(queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("etl"), 10,
                kubernetesFull, "s1", NOW, QueueingRepositoryTest::all));

        assertThat(queued).extracting(t -> t.key().taskId()).containsExactlyInAnyOrder("unnamed", "named");
    }

    @Test
    void givesUpAtOnceWhenAnotherSchedulerHoldsTheCriticalSection() throws Exception {
        db.storeDag(StoreFixture.dag("etl", 16, "t"));
        db.runningRun("etl", "r1", "t");
        schedule("etl", "r1", "t", 1);

        try (Connection other = db.database.connection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, AdvisoryLocks.CRITICAL_SECTION);
                lock.execute();
            }
            QueueingResult result = queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("etl"), 10,
                    CandidateFilter.NONE, "s1", NOW, QueueingRepositoryTest::all);
            assertThat(result).isInstanceOf(QueueingResult.Busy.class);
            other.rollback();
        }
        assertThat(queued(queueing.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("etl"), 10, CandidateFilter.NONE,
                "s1", NOW, QueueingRepositoryTest::all))).hasSize(1);
    }

    @Test
    void onlyTheGivenRunIsConsideredInASingleRunScopeEvenWhenItsDagIsPaused() {
        db.storeDag(StoreFixture.dag("etl", 16, "t"));
        new DagRepository(db.jdbc).setPaused("etl", true, new Actor("test"));
        db.runningRun("etl", "r1", "t");
        db.runningRun("etl", "r2", "t");
        schedule("etl", "r1", "t", 1);
        schedule("etl", "r2", "t", 1);

        List<TaskInstance> queued = queued(queueing.queueScheduled(RunScope.only(new RunKey("etl", "r2")), List.of("etl"),
                10, CandidateFilter.NONE, "test", NOW, QueueingRepositoryTest::all));

        assertThat(queued).extracting(t -> t.key().runId()).containsExactly("r2");
    }

    /**
     * Two schedulers (separate pools) run the critical section as fast as they can, each queueing every candidate it
     * sees; each task instance must be queued exactly once, by one of them.
     */
    @Test
    void twoSchedulersRacingTheCriticalSectionNeverQueueATaskInstanceTwice() throws Exception {
        int tasks = 200;
        String[] taskIds = IntStream.range(0, tasks).mapToObj(i -> "t" + i).toArray(String[]::new);
        db.storeDag(StoreFixture.dag("wide", tasks, taskIds));
        db.runningRun("wide", "r1", taskIds);
        db.update("UPDATE task_instance SET state = 'scheduled', try_number = 1");
        ConcurrentLinkedQueue<TaskInstance> handedOut = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(2);

        try (Database second = db.openAnotherPool()) {
            List<Callable<Void>> schedulers = List.of(
                    racer("s1", db.jdbc, handedOut, start), racer("s2", new Jdbc(second), handedOut, start));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (Future<Void> done : pool.invokeAll(schedulers)) {
                    done.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(handedOut).hasSize(tasks);
        assertThat(handedOut.stream().map(TaskInstance::id).distinct().count()).isEqualTo(tasks);
        assertThat(db.count("SELECT count(*) FROM task_instance_transition WHERE to_state = 'queued'")).isEqualTo(tasks);
        assertThat(db.count("SELECT count(*) FROM task_instance WHERE state = 'queued' AND launch_attempt = 1"))
                .isEqualTo(tasks);
    }

    private static Callable<Void> racer(String schedulerId, Jdbc jdbc, ConcurrentLinkedQueue<TaskInstance> handedOut,
            CyclicBarrier start) {
        QueueingRepository repository = new QueueingRepository(jdbc);
        return () -> {
            start.await();
            int emptyPasses = 0;
            while (emptyPasses < 3) {
                QueueingResult result = repository.queueScheduled(RunScope.ALL_EXCEPT_TEST, List.of("wide"), 7,
                        CandidateFilter.NONE, schedulerId, NOW, QueueingRepositoryTest::all);
                if (result instanceof QueueingResult.Queued queued) {
                    handedOut.addAll(queued.queued());
                    emptyPasses = queued.queued().isEmpty() ? emptyPasses + 1 : 0;
                }
            }
            return null;
        };
    }
}
