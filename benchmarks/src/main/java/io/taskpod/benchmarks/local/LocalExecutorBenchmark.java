package io.taskpod.benchmarks.local;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.worker.CurrentJvm;
import io.taskpod.benchmarks.Machine;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.dag.DagRepository;
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
 * scheduler, LocalExecutor and worker processes on the embedded PostgreSQL, after three baselines at the same
 * parallelism (process spawn, worker JVM start-up, workers without a scheduler). Prints throughput, CPU per task
 * by process, statements per task, latency percentiles and the scheduler's own overhead. Asserts nothing.
 *
 * <p>Run it like {@code ./taskpod} runs taskpod (the packaged jar, the launcher's class-data sharing options): the
 * workers are started with this JVM's command line, as the LocalExecutor always does.
 */
@Command(name = "local-executor-benchmark", mixinStandardHelpOptions = true,
        description = "Benchmark the scheduler with the LocalExecutor against baselines measured in the same run.")
public final class LocalExecutorBenchmark implements Callable<Integer> {

    /** The phases, in the order they run. */
    enum Phase { spawn, jvm, workers, scheduler }

    @Option(names = "--tasks", defaultValue = "1000", description = "Tasks in the DAG, and launches per baseline.")
    int tasks;

    @Option(names = "--parallelism", defaultValue = "8", description = "[core] parallelism, and the baselines' too.")
    int parallelism;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Workers run one by one before measuring (the first creates the class-data archive).")
    int warmup;

    @Option(names = "--phases", split = ",", defaultValue = "spawn,jvm,workers,scheduler",
            description = "Phases to run: ${COMPLETION-CANDIDATES}.")
    List<Phase> phases;

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
        try (BenchmarkHome home = BenchmarkHome.create(tasks, warmup, parallelism, settings, keepHome)) {
            Config config = home.config();
            progress("home " + home.folder() + (keepHome ? " (kept)" : ""));
            try (BenchmarkDatabase database = BenchmarkDatabase.open(config)) {
                DagBag dags = new DagFolderSource(config).load();
                new DagRepository(database.metadata().jdbc()).upsert(dags.dags().values(), Instant.now());
                PhaseMeter meter = new PhaseMeter(database.serverPid(), database.statements());
                LaunchBaselines baselines = new LaunchBaselines(home.folder(), database, meter, parallelism,
                        workerEnvironment(home, database.metadata().settings()));
                progress("warm-up: " + warmup + " workers, one at a time");
                baselines.warmUp(dag(dags, NoopDags.WARMUP_DAG_ID));
                System.out.print(run(config, home, database, meter, baselines, dag(dags, NoopDags.DAG_ID), loadAtStart));
            }
        }
        return 0;
    }

    private String run(Config config, BenchmarkHome home, BenchmarkDatabase database, PhaseMeter meter,
            LaunchBaselines baselines, Dag dag, String loadAtStart) throws Exception {
        List<PhaseResult> results = new ArrayList<>();
        Optional<PhaseResult> workers = Optional.empty();
        Optional<SchedulerPhase.Result> scheduler = Optional.empty();
        for (Phase phase : Phase.values()) {
            if (!phases.contains(phase)) {
                continue;
            }
            progress("phase " + phase + ": " + tasks + " tasks, parallelism " + parallelism);
            switch (phase) {
                case spawn -> results.add(baselines.spawn(tasks));
                case jvm -> results.add(baselines.jvm(tasks));
                case workers -> {
                    workers = Optional.of(baselines.workers(dag));
                    results.add(workers.get());
                }
                case scheduler -> {
                    scheduler = Optional.of(new SchedulerPhase(config, home.configFile(), database, meter, timeout).run(dag));
                    results.add(scheduler.get().phase());
                }
            }
            progress("phase " + phase + " done in " + Report.number(results.getLast().wall().toMillis() / 1000.0, 1) + " s");
        }
        Report.Setup setup = new Report.Setup(tasks, parallelism, settings, Machine.describe(), loadAtStart,
                String.join(" ", CurrentJvm.taskpodCommand()) + " tasks run DAG TASK RUN --try-number N");
        return new Report(setup, results, workers, scheduler).render();
    }

    /** What the LocalExecutor adds to each worker's environment: home, configuration file, database in use. */
    private static Map<String, String> workerEnvironment(BenchmarkHome home, DatabaseSettings database) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ConfigLoader.HOME_ENV, home.folder().toString());
        environment.put(ConfigLoader.CONFIG_ENV, home.configFile().toString());
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        if (!database.password().isEmpty()) {
            environment.put("TASKPOD__DATABASE__PASSWORD", database.password());
        }
        return environment;
    }

    private static Dag dag(DagBag dags, String dagId) {
        return dags.dag(dagId).orElseThrow(() -> new IllegalStateException("the benchmark DAG " + dagId
                + " did not load: " + dags.errors()));
    }

    /** Workers inherit this JVM's environment: a TASKPOD_* variable would configure them differently from the scheduler. */
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
