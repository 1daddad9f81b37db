package io.taskpod.app.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TransitionRepository;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real PostgreSQL database, a clock the test moves, DAGs the test defines, and schedulers with recording
 * executors; plus the worker's side of the database ({@link WorkerDouble}).
 */
final class SchedulerHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2025-01-10T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final DatabaseSettings databaseSettings;
    final Database database;
    final Jdbc jdbc;
    final TaskInstanceRepository taskInstances;
    final TransitionRepository transitions;
    final DagRunRepository runs;
    final WorkerDouble worker;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TaskLogFiles logs;
    private final Map<String, Dag> dags = new LinkedHashMap<>();
    private final List<Scheduler> schedulers = new CopyOnWriteArrayList<>();
    private final List<SchedulerIdLock> locks = new CopyOnWriteArrayList<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    /** How many times a worker actually ran each try (took it from queued to running). */
    final Map<TaskInstanceKey, Integer> executions = new ConcurrentHashMap<>();
    private final Map<Scheduler, SchedulerIdLock> lockOf = new ConcurrentHashMap<>();

    /** On a fresh database of the shared test server. */
    SchedulerHarness(Path logFolder) {
        this(logFolder, settingsOf(TestPostgres.newDatabase()));
    }

    SchedulerHarness(Path logFolder, DatabaseSettings databaseSettings) {
        this.databaseSettings = databaseSettings;
        this.database = Database.open(databaseSettings, "scheduler-test");
        this.jdbc = new Jdbc(database);
        this.taskInstances = new TaskInstanceRepository(jdbc);
        this.transitions = new TransitionRepository(jdbc);
        this.runs = new DagRunRepository(jdbc);
        this.worker = new WorkerDouble(jdbc, clock);
        database.migrate();
        logs = new TaskLogFiles(logFolder, clock);
    }

    private static DatabaseSettings settingsOf(TestDatabase test) {
        return new DatabaseSettings(test.url(), test.user(), test.password(), 8);
    }

    SchedulerHarness dag(Dag dag) {
        dags.put(dag.dagId(), dag);
        return this;
    }

    Dag dag(String dagId) {
        return dags.get(dagId);
    }

    static SchedulerSettings settings(String schedulerId) {
        return new SchedulerSettings(schedulerId, 32, 512, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofSeconds(120), 2,
                Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(300), false);
    }

    Scheduler scheduler(String schedulerId, RecordingExecutor... executors) {
        return scheduler(settings(schedulerId), RunScope.ALL_EXCEPT_TEST, ExecutorRouter.of(List.of(executors)));
    }

    Scheduler scheduler(SchedulerSettings settings, RunScope scope, ExecutorRouter router) {
        SchedulerIdLock lock = new SchedulerIdLock(databaseSettings, settings.schedulerId());
        locks.add(lock);
        Scheduler scheduler = new Scheduler(settings, SchedulerRepositories.of(jdbc), lock,
                () -> new DagBag(dags, List.of()), router, logs, scope, clock, registry);
        schedulers.add(scheduler);
        lockOf.put(scheduler, lock);
        return scheduler;
    }

    /** The scheduler's process dies: its database session ends (and with it the lock on its id). */
    void crash(Scheduler scheduler) {
        lockOf.get(scheduler).close();
    }

    RunKey trigger(String dagId) {
        NewDagRun run = DagRunPlanner.manual(dags.get(dagId), Optional.of("manual-" + dagId), Optional.empty(), "test",
                clock.instant());
        runs.create(run, DagRunPlanner.taskInstances(dags.get(dagId)));
        return run.key();
    }

    /** Runs loop iterations until one changes nothing; returns how many ran. */
    static int runUntilIdle(Scheduler scheduler) {
        int iterations = 0;
        while (scheduler.runOnce()) {
            if (++iterations > 100) {
                throw new AssertionError("the scheduler never went idle");
            }
        }
        return iterations + 1;
    }

    /**
     * Plays the worker for every workload the executor launched and that was not finished yet: takes the try and
     * records success or failure (by {@code succeeds}), then lets the executor report the process exit.
     */
    void finishLaunched(RecordingExecutor executor, Predicate<ExecuteTask> succeeds) {
        for (ExecuteTask workload : executor.launched) {
            String id = workload.key() + "#" + workload.launchAttempt();
            if (!finished.add(id)) {
                continue;
            }
            boolean ran = worker.start(workload.key(), workload.launchAttempt());
            if (ran) {
                executions.merge(workload.key(), 1, Integer::sum);
            }
            boolean success = succeeds.test(workload);
            if (ran) {
                if (success) {
                    worker.succeed(workload.key());
                } else {
                    worker.fail(workload.key(), dags.get(workload.key().dagId()).task(workload.key().taskId()).orElseThrow());
                }
            }
            executor.report(workload.key(), WorkerDouble.outcomeState(success), "exit code " + (success ? 0 : 1));
        }
    }

    /** Drives the scheduler and plays every worker until the run is finished; returns its final state. */
    DagRunState runToCompletion(Scheduler scheduler, RecordingExecutor executor, RunKey run,
            Predicate<ExecuteTask> succeeds) {
        for (int round = 0; round < 50; round++) {
            runUntilIdle(scheduler);
            DagRunState state = runState(run);
            if (state.isFinished()) {
                return state;
            }
            finishLaunched(executor, succeeds);
            clock.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("run " + run + " did not finish; task instances: " + describe(run));
    }

    DagRunState runState(RunKey run) {
        return runs.find(run).orElseThrow().state();
    }

    List<TaskInstance> tis(RunKey run) {
        return taskInstances.listByRun(run);
    }

    TaskInstance ti(RunKey run, String taskId) {
        return tis(run).stream().filter(ti -> ti.key().taskId().equals(taskId)).findFirst().orElseThrow();
    }

    String describe(RunKey run) {
        List<String> parts = new ArrayList<>();
        for (TaskInstance ti : tis(run)) {
            parts.add(ti.key().taskId() + (ti.key().isMapped() ? "[" + ti.key().mapIndex() + "]" : "") + "="
                    + ti.state().dbValue() + "#" + ti.key().tryNumber());
        }
        return String.join(" ", parts);
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        for (Scheduler scheduler : schedulers) {
            scheduler.stop();
        }
        locks.forEach(SchedulerIdLock::close);
        database.close();
    }
}
