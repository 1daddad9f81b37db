package io.taskpod.benchmarks.local;

import io.taskpod.app.api.ApiAssembly;
import io.taskpod.app.api.ApiServer;
import io.taskpod.app.api.PrometheusRegistry;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.benchmarks.Percentiles;
import io.taskpod.benchmarks.ProcStat;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker JVM a pod runs for each try ({@code taskpod tasks run}), started one at a time on task instances queued
 * beforehand, in variants taken in turns so that the machine's load falls on all alike: as {@code ./taskpod} started
 * it before the ahead-of-time cache (its self-made class-data archive, the JVM's default compilers and collector); as
 * the LocalExecutor started its workers before they ran in the scheduler (C1 only, the serial collector, an archive of
 * their own: the 0.84 s of CPU docs/benchmarks.md reported); the JVM the image's launcher ({@code opt/taskpod/bin/taskpod},
 * also what {@code ./taskpod} runs) starts now (the AOT cache next to the jar on JDK 24+, and its options for
 * short-lived JVMs, repeated here); and that launcher itself, its shell included, with {@code JAVA_HOME} set as in an
 * image; and, given an S3-compatible endpoint, that JVM with {@code [logging] remote_logging} on, so what uploading
 * its log (and loading the AWS SDK) costs a worker shows. The CPU of each run is what this JVM reaped from it.
 */
final class PodWorkerPhase {

    /** How one variant did. */
    record Variant(String name, Percentiles cpuMillis, double meanCpuMillis, Percentiles wallMillis) {}

    static final String CDS_ARCHIVE = "./taskpod before (CDS archive)";
    static final String LOCAL_WORKER = "local worker before (C1, serial GC, CDS)";
    static final String LAUNCHER_JVM = "the JVM the launcher starts now";
    static final String LAUNCHER = "the image's launcher now (its script included)";
    static final String LAUNCHER_EXECUTION_API = "the image's launcher, through the execution API";
    static final String REMOTE_LOGGING = "the JVM the launcher starts now, remote logging on";
    /** The bucket the remote-logging variant uploads to; the store must have it. */
    static final String REMOTE_LOG_BUCKET = "taskpod-bench-logs";
    private static final String TOKEN_KEY = "benchmark-execution-api-key-0123456789";

    /** The variants {@link #run} measures (how many task instances each round takes), with or without remote logging. */
    static int variants(Optional<String> remoteLogEndpoint) {
        return remoteLogEndpoint.isPresent() ? 6 : 5;
    }

    private final BenchmarkDatabase database;
    private final Path home;
    private final Path configFile;
    private final Path jar;
    private final Path beforeJar;
    private final Path launcher;
    private final Optional<String> remoteLogEndpoint;

    /**
     * @param jar the runnable jar of this build's image tree, which {@code launcher} runs
     * @param beforeJar the runnable jar the "before" variants run (a build of the code before the change, or
     *     {@code jar} itself)
     * @param remoteLogEndpoint an S3-compatible store with the bucket {@value #REMOTE_LOG_BUCKET}, for the variant
     *     with remote logging on
     */
    PodWorkerPhase(BenchmarkDatabase database, Path home, Path configFile, Path jar, Path beforeJar, Path launcher,
            Optional<String> remoteLogEndpoint) {
        this.database = database;
        this.home = home;
        this.configFile = configFile;
        this.jar = jar;
        this.beforeJar = beforeJar;
        this.launcher = launcher;
        this.remoteLogEndpoint = remoteLogEndpoint;
    }

    /** Runs {@code runs} workers of each variant after one unmeasured warm-up of each (which creates the archive). */
    List<Variant> run(Dag dag, int runs) throws Exception {
        NewDagRun run = DagRunPlanner.test(dag, "benchmark", Instant.now());
        new DagRunRepository(database.metadata().jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        try (RunQueries queries = database.queries()) {
            queries.queueAll(run.key());
        }
        Iterator<String> taskIds = dag.tasks().keySet().iterator();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put(CDS_ARCHIVE, List.of(java, "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + home.resolve("cache/launcher-before.jsa"), "-Xshare:auto", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-jar", beforeJar.toString()));
        commands.put(LOCAL_WORKER, List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + home.resolve("cache/worker-before.jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", beforeJar.toString()));
        List<String> launcherJvm = List.of(java, "-XX:AOTCache=" + jar.toString().replaceAll("\\.jar$", ".aot"),
                "-Xlog:aot=off", "-Xlog:cds=off", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
                "-XX:+UseSerialGC", "-jar", jar.toString());
        commands.put(LAUNCHER_JVM, launcherJvm);
        commands.put(LAUNCHER, List.of(launcher.toString()));
        commands.put(LAUNCHER_EXECUTION_API, List.of(launcher.toString()));
        remoteLogEndpoint.ifPresent(endpoint -> commands.put(REMOTE_LOGGING, launcherJvm));
        Files.createDirectories(home.resolve("cache"));
        Map<String, List<Duration>> cpu = new LinkedHashMap<>();
        Map<String, List<Duration>> wall = new LinkedHashMap<>();
        Config apiConfig = new Config(new MapConfigSource("execution-api").set("api", "port", "0")
                .set("api", "execution_api_jwt_secret", TOKEN_KEY).set("core", "load_examples", "False"),
                ConfigLoader.schema(), home);
        TryTokens tokens = TryTokens.from(apiConfig, Clock.systemUTC());
        try (ApiServer api = ApiAssembly.start(apiConfig, database.metadata().settings(), Optional.empty(),
                PrometheusRegistry.create(), Clock.systemUTC())) {
            for (int round = 0; round <= runs; round++) {
                for (Map.Entry<String, List<String>> variant : commands.entrySet()) {
                    String taskId = taskIds.next();
                    Map<String, String> environment = variant.getKey().equals(LAUNCHER_EXECUTION_API)
                            ? Map.of(TryTokenDelivery.TOKEN_ENV, tokens.issue(new TaskInstanceKey(dag.dagId(), taskId,
                                    run.key().runId(), 1, -1), 1), TryTokenDelivery.API_URL_ENV,
                                    api.address().resolve(ExecutionApiUrl.PATH).toString())
                            : databaseEnvironment();
                    Measured measured = runWorker(variant.getValue(), environment,
                            variant.getKey().equals(REMOTE_LOGGING), run.key().runId(), dag.dagId(), taskId);
                    if (round > 0) {
                        cpu.computeIfAbsent(variant.getKey(), name -> new ArrayList<>()).add(measured.cpu());
                        wall.computeIfAbsent(variant.getKey(), name -> new ArrayList<>()).add(measured.wall());
                    }
                }
            }
        }
        List<Variant> variants = new ArrayList<>();
        cpu.forEach((name, times) -> variants.add(new Variant(name, Percentiles.of(times),
                times.stream().mapToLong(Duration::toNanos).average().orElse(0) / 1e6, Percentiles.of(wall.get(name)))));
        return variants;
    }

    private record Measured(Duration cpu, Duration wall) {}

    private Map<String, String> databaseEnvironment() {
        DatabaseSettings settings = database.metadata().settings();
        return Map.of("TASKPOD__DATABASE__URL", settings.url(), "TASKPOD__DATABASE__USER", settings.user());
    }

    private Measured runWorker(List<String> program, Map<String, String> environment, boolean remoteLogging,
            String runId, String dagId, String taskId) throws Exception {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("tasks", "run", dagId, taskId, runId, "--try-number", "1", "--launch-attempt", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(home.resolve("worker-stderr.txt").toFile());
        builder.environment().put(ConfigLoader.HOME_ENV, home.toString());
        builder.environment().put(ConfigLoader.CONFIG_ENV, configFile.toString());
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (remoteLogging) {
            builder.environment().put("TASKPOD__LOGGING__REMOTE_LOGGING", "True");
            builder.environment().put("TASKPOD__LOGGING__REMOTE_BASE_LOG_FOLDER", "s3://" + REMOTE_LOG_BUCKET + "/bench");
            builder.environment().put("TASKPOD__LOGGING__REMOTE_LOG_ENDPOINT_URL", remoteLogEndpoint.orElseThrow());
            builder.environment().put("TASKPOD__LOGGING__REMOTE_LOG_PATH_STYLE_ACCESS", "True");
            builder.environment().put("AWS_ACCESS_KEY_ID", "benchmark");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "benchmark");
        }
        Duration before = ProcStat.self().orElseThrow().reapedChildren();
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n"
                    + Files.readString(home.resolve("worker-stderr.txt")));
        }
        return new Measured(ProcStat.self().orElseThrow().reapedChildren().minus(before), elapsed);
    }
}
