package io.taskpod.benchmarks.local;

import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.benchmarks.Machine;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.dag.DagRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The LocalExecutor benchmark (docs/benchmarks.md): N independent no-op tasks in one DAG run through the real
 * scheduler and LocalExecutor on the embedded PostgreSQL, against a baseline measured in the same run at the same
 * parallelism (the same processes spawned and the same final rows written with plain JDBC); and the worker JVM a pod
 * runs per try, before and with the ahead-of-time cache. Prints throughput, CPU per task by process, statements
 * per task, latency percentiles and the scheduler's own overhead. Asserts nothing.
 */
@Command(name = "local-executor-benchmark", mixinStandardHelpOptions = true,
        description = "Benchmark the scheduler with the LocalExecutor against a baseline measured in the same run.")
public final class LocalExecutorBenchmark implements Callable<Integer> {

    /** The phases, in the order they run. */
    enum Phase { baseline, scheduler, worker }

    @Option(names = "--tasks", defaultValue = "1000", description = "Tasks in the DAG, and in the baseline.")
    int tasks;

    @Option(names = "--parallelism", defaultValue = "8", description = "[core] parallelism, and the baseline's too.")
    int parallelism;

    @Option(names = "--warmup", defaultValue = "1000",
            description = "Tasks of the run the scheduler runs before the measured one.")
    int warmup;

    @Option(names = "--worker-runs", defaultValue = "20", description = "Worker JVMs of each variant in the worker phase.")
    int workerRuns;

    @Option(names = "--phases", split = ",", defaultValue = "baseline,scheduler,worker",
            description = "Phases to run: ${COMPLETION-CANDIDATES}.")
    List<Phase> phases;

    @Option(names = "--image-tree", description = "The image's file tree whose launcher, jar and start-up cache the worker "
            + "phase starts (default: image/ next to this class path's taskpod.jar, i.e. app/target/image).")
    Optional<Path> imageTree;

    @Option(names = "--before-jar", description = "The runnable jar of the code before the change, for the worker phase's "
            + "\"before\" variants (default: the image tree's).")
    Optional<Path> beforeJar;

    @Option(names = "--remote-log-endpoint", description = "An S3-compatible endpoint (e.g. S3Mock's) with the bucket "
            + PodWorkerPhase.REMOTE_LOG_BUCKET + ": the worker phase also runs the launcher's JVM with remote logging on.")
    Optional<String> remoteLogEndpoint;

    @Option(names = "--timeout", defaultValue = "PT60M", description = "Longest a phase may take (ISO-8601, e.g. PT30M).")
    Duration timeout;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
            description = "A taskpod setting, e.g. --set scheduler.scheduler_idle_sleep_time=0.1 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--keep-home", description = "Keep the benchmark's taskpod home (logs, database) afterwards.")
    boolean keepHome;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalExecutorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        refuseTaskpodEnvironment();
        String loadAtStart = Machine.loadAverage();
        try (BenchmarkHome home = BenchmarkHome.create(tasks, warmup,
                PodWorkerPhase.variants(remoteLogEndpoint) * (workerRuns + 1), parallelism, settings,
                keepHome)) {
            Config config = home.config();
            progress("home " + home.folder() + (keepHome ? " (kept)" : ""));
            try (BenchmarkDatabase database = BenchmarkDatabase.open(config)) {
                DagBag dags = new DagFolderSource(config).load();
                new DagRepository(database.metadata().jdbc()).upsert(dags.dags().values(), Instant.now());
                PhaseMeter meter = new PhaseMeter(database.serverPid(), database.statements());
                System.out.print(run(config, home, database, meter, dags, loadAtStart));
            }
        }
        return 0;
    }

    private String run(Config config, BenchmarkHome home, BenchmarkDatabase database, PhaseMeter meter, DagBag dags,
            String loadAtStart) throws Exception {
        List<PhaseResult> results = new ArrayList<>();
        Optional<PhaseResult> baseline = Optional.empty();
        Optional<SchedulerPhase.Result> scheduler = Optional.empty();
        List<PodWorkerPhase.Variant> workers = List.of();
        for (Phase phase : Phase.values()) {
            if (!phases.contains(phase)) {
                continue;
            }
            progress("phase " + phase + ": " + (phase == Phase.worker ? workerRuns + " worker JVMs of each variant"
                    : tasks + " tasks, parallelism " + parallelism));
            long start = System.nanoTime();
            switch (phase) {
                case baseline -> {
                    baseline = Optional.of(new JdbcBaseline(database, meter, parallelism).run(dag(dags, NoopDags.DAG_ID)));
                    results.add(baseline.get());
                }
                case scheduler -> {
                    scheduler = Optional.of(new SchedulerPhase(config, home.configFile(), database, meter, timeout)
                            .run(dag(dags, NoopDags.WARMUP_DAG_ID), dag(dags, NoopDags.DAG_ID)));
                    results.add(scheduler.get().phase());
                }
                case worker -> workers = new PodWorkerPhase(database, home.folder(), home.configFile(), jar(),
                        beforeJar.orElseGet(this::jar).toAbsolutePath(), launcher(), remoteLogEndpoint).run(dag(dags, NoopDags.WORKER_DAG_ID),
                        workerRuns);
            }
            progress("phase " + phase + " done in " + Report.number((System.nanoTime() - start) / 1e9, 1) + " s");
        }
        Report.Setup setup = new Report.Setup(tasks, parallelism, settings, Machine.describe(), loadAtStart,
                Runtime.getRuntime().maxMemory());
        return new Report(setup, results, baseline, scheduler, workers).render();
    }

    private Path imageTree() {
        return imageTree.orElseGet(() -> List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .stream().map(Path::of).filter(path -> path.getFileName().toString().equals("taskpod.jar")).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "no taskpod.jar on the class path: give --image-tree"))
                .resolveSibling("image")).toAbsolutePath();
    }

    private Path jar() {
        return imageTree().resolve("opt/taskpod/lib/taskpod.jar");
    }

    private Path launcher() {
        return imageTree().resolve("opt/taskpod/bin/taskpod");
    }

    private static Dag dag(DagBag dags, String dagId) {
        return dags.dag(dagId).orElseThrow(() -> new IllegalStateException("the benchmark DAG " + dagId
                + " did not load: " + dags.errors()));
    }

    /** The scheduler's tasks inherit this JVM's environment: a TASKPOD_* variable would change their settings. */
    private void refuseTaskpodEnvironment() {
        List<String> set = System.getenv().keySet().stream().filter(name -> name.startsWith("TASKPOD")).sorted().toList();
        if (!set.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unset " + String.join(", ", set) + ": the benchmark configures taskpod itself");
        }
    }

    private static void progress(String message) {
        System.err.println("[benchmark " + Instant.now() + "] " + message);
    }
}
