package io.taskpod.benchmarks.local;

import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.app.worker.CurrentJvm;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.executor.ProcessWorkerLauncher;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.executor.WorkerLauncher;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The baselines, measured in the same run as the scheduler phase, at the same parallelism, through the
 * LocalExecutor's own process launcher, without a scheduler:
 * <ol>
 *   <li>{@code true}: what starting and reaping a process costs at all;</li>
 *   <li>{@code taskpod version}: the worker JVM (same command line as a worker) starting and exiting;</li>
 *   <li>{@code taskpod tasks run}: the complete worker on task instances queued beforehand.</li>
 * </ol>
 */
final class LaunchBaselines {

    static final String SPAWN = "spawn `true`";
    static final String JVM = "worker JVM: `taskpod version`";
    static final String WORKERS = "workers: `taskpod tasks run`, no scheduler";
    private static final String WORKER_OUTPUT_FOLDER = "workers";

    private final BenchmarkDatabase database;
    private final PhaseMeter meter;
    private final int parallelism;
    private final WorkerLauncher spawner;
    private final WorkerLauncher taskpod;

    /**
     * @param workerEnvironment what the LocalExecutor adds to a worker's environment (home, configuration file,
     *     database)
     */
    LaunchBaselines(Path home, BenchmarkDatabase database, PhaseMeter meter, int parallelism,
            Map<String, String> workerEnvironment) {
        this.database = database;
        this.meter = meter;
        this.parallelism = parallelism;
        Path output = home.resolve(WORKER_OUTPUT_FOLDER);
        this.spawner = new ProcessWorkerLauncher(List.of("true"), workerEnvironment, output);
        this.taskpod = new ProcessWorkerLauncher(CurrentJvm.taskpodCommand(), workerEnvironment, output);
    }

    PhaseResult spawn(int tasks) throws Exception {
        return measureCommands(SPAWN, spawner, tasks, List.of(WorkerCommand.PROGRAM));
    }

    PhaseResult jvm(int tasks) throws Exception {
        return measureCommands(JVM, taskpod, tasks, List.of(WorkerCommand.PROGRAM, "version"));
    }

    PhaseResult workers(Dag dag) throws Exception {
        return runWorkers(WORKERS, dag, parallelism);
    }

    /** Runs the warm-up DAG's workers one after the other (the first creates the class-data archive); not reported. */
    void warmUp(Dag dag) throws Exception {
        runWorkers("warm-up", dag, 1);
    }

    private PhaseResult measureCommands(String name, WorkerLauncher launcher, int tasks, List<String> command)
            throws Exception {
        List<ParallelLaunches.Request> requests = IntStream.range(0, tasks)
                .mapToObj(index -> new ParallelLaunches.Request(
                        new TaskInstanceKey("baseline", NoopDags.taskId(index, tasks), "baseline", 1, -1), command))
                .toList();
        PhaseMeter.Started started = meter.start();
        ParallelLaunches.Outcome outcome = checked(name, ParallelLaunches.run(launcher, requests, parallelism));
        return started.finish(name, tasks, outcome.wall(), Optional.empty());
    }

    private PhaseResult runWorkers(String name, Dag dag, int workers) throws Exception {
        NewDagRun run = DagRunPlanner.test(dag, "benchmark", Instant.now());
        new DagRunRepository(database.metadata().jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        try (RunQueries queries = database.queries()) {
            queries.queueAll(run.key());
            List<ParallelLaunches.Request> requests = dag.tasks().keySet().stream().map(taskId -> {
                TaskInstanceKey key = new TaskInstanceKey(dag.dagId(), taskId, run.key().runId(), 1, -1);
                return new ParallelLaunches.Request(key, WorkerCommand.forLaunch(key, 1));
            }).toList();
            PhaseMeter.Started started = meter.start();
            ParallelLaunches.Outcome outcome = checked(name, ParallelLaunches.run(taskpod, requests, workers));
            Latencies latencies = Latencies.of(traces(queries, run.key(), outcome), workers, outcome.wall());
            PhaseResult result = started.finish(name, requests.size(), outcome.wall(), Optional.of(latencies));
            queries.markSucceeded(run.key());
            return result;
        }
    }

    private static List<Latencies.TaskTrace> traces(RunQueries queries, RunKey run, ParallelLaunches.Outcome outcome)
            throws SQLException {
        Map<String, Instant> launched = outcome.launches().stream()
                .collect(Collectors.toMap(launch -> launch.key().taskId(), ParallelLaunches.Launch::started));
        return queries.taskTimes(run).stream()
                .map(times -> new Latencies.TaskTrace(launched.get(times.taskId()), times.startedAt(), times.endedAt()))
                .toList();
    }

    private static ParallelLaunches.Outcome checked(String name, ParallelLaunches.Outcome outcome) {
        List<ParallelLaunches.Launch> failures = outcome.failures();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + ": " + failures.size() + " of " + outcome.launches().size()
                    + " processes failed; the first exited " + failures.getFirst().exit().exitCode() + ":\n"
                    + failures.getFirst().exit().stderrTail());
        }
        return outcome;
    }
}
