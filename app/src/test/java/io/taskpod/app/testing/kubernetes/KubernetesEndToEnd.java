package io.taskpod.app.testing.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.testkit.kubernetes.PodRecord;
import io.taskpod.testkit.kubernetes.TestKubelet;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.kubernetes.Verb;
import io.taskpod.testkit.postgres.RestartablePostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * taskpod on a Kubernetes cluster, on one machine, for end-to-end tests: a PostgreSQL of its own
 * ({@link RestartablePostgres}), a {@link TestKubernetesApiServer} and a {@link TestKubelet} that runs each pod's
 * {@code taskpod} (the image entrypoint) as the packaged jar, a {@code taskpod.cfg} with
 * {@code executor = KubernetesExecutor}, {@code in_cluster = False}, the server's kubeconfig and
 * {@code examples/pod_template.yaml}; in every namespace the ConfigMap that template reads; and a
 * {@code taskpod api-server} whose execution API the workers report to ({@code [core] execution_api_server_url}), as
 * in a cluster: workers get no database settings at all, only the API's URL and their per-try token from the
 * executor. Schedulers run as separate processes ({@link #startScheduler}), as does every CLI command
 * ({@link #taskpod}).
 *
 * <p><b>Faults</b>, one call each: {@link SchedulerProcess#kill()} / {@link SchedulerProcess#terminate()} and
 * {@link #startScheduler} again with the same or another id; {@link #cutWatches()}, {@link #expireWatches()};
 * {@link #stopApiServer()} / {@link #startApiServer()} (same address, objects kept); {@link #restartPostgres()}
 * (or {@link #stopPostgres()} / {@link #startPostgres()}); {@link #deletePod}; node behaviours through
 * {@link #kubelet()}{@code .script(...)} with {@link #podsOf}.
 *
 * <p><b>Counts</b>: {@link #markers()} (how often each try actually ran, from lines the task commands append),
 * {@link #podsPerTry} (pods the node took on per try), {@link #containersPerTry} (of those, whose container
 * started), {@link #podCreates()} (creates the API server received from taskpod), {@link #ownerChanges()} (pods
 * moved between schedulers: adoptions).
 *
 * <p>Everything but the database's data is kept under {@code target/kubernetes-e2e/NAME} (logs, pod output,
 * scheduler logs) for a look after a failure.
 */
public final class KubernetesEndToEnd implements AutoCloseable {

    /** The database password: in the environment of taskpod's own processes, never given to a worker pod. */
    public static final String DATABASE_PASSWORD = "e2e-Secret-Password-7f3b";
    /** The key that signs per-try tokens: in taskpod.cfg of the scheduler and the api-server, never in a pod. */
    public static final String JWT_SECRET = "e2e-jwt-secret-5d1c9a0b7e3f4a6c8b2d";
    /** The ConfigMap {@code examples/pod_template.yaml} reads. */
    public static final String WORKER_CONFIG_MAP = "taskpod-worker-config";
    /** The Secret of {@link Builder#workerSecret}, read by worker pods when the test gives any. */
    public static final String WORKER_SECRET = "taskpod-remote-logs";
    /** The annotations that carry a pod's task instance. */
    public static final String DAG_ID = "dag_id";
    public static final String TASK_ID = "task_id";
    public static final String RUN_ID = "run_id";
    public static final String TRY_NUMBER = "try_number";
    public static final String MAP_INDEX = "map_index";
    /** The label that names the scheduler owning a pod. */
    public static final String WORKER_LABEL = "taskpod-worker";

    private final Path output;
    private final RestartablePostgres postgres;
    private final TestKubernetesApiServer apiServer;
    private final KubernetesClient client;
    private final TestKubelet kubelet;
    private final Path configFile;
    private final Path dags;
    private final Path logs;
    private final ExecutionMarkers markers;
    private final MetadataQueries database;
    private final List<SchedulerProcess> schedulers = new ArrayList<>();
    private final Map<String, Pod> podsSeen = new ConcurrentHashMap<>();
    private final List<OwnerChange> ownerChanges = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Pod> podRecorder;
    private final DatabaseTrap databaseTrap = new DatabaseTrap();
    private final int executionApiPort;
    private final BackgroundTaskpod executionApi;
    private final Map<String, String> workerConfig;
    private final Map<String, String> workerSecrets;
    private final Map<String, String> processEnvironment;

    private KubernetesEndToEnd(Builder builder) {
        this.output = builder.output;
        this.workerConfig = Map.copyOf(builder.workerConfig);
        this.workerSecrets = Map.copyOf(builder.workerSecrets);
        this.processEnvironment = Map.copyOf(builder.processEnvironment);
        this.dags = directory(output.resolve("dags"));
        this.logs = directory(output.resolve("logs"));
        this.markers = new ExecutionMarkers(output.resolve("markers"));
        this.postgres = RestartablePostgres.start(temporaryDirectory());
        this.database = new MetadataQueries(postgres.url(), postgres.user(), DATABASE_PASSWORD);
        this.apiServer = TestKubernetesApiServer.builder().build().start();
        this.client = apiServer.newClient();
        this.podRecorder = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podsSeen.putIfAbsent(pod.getMetadata().getUid(), pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                podsSeen.putIfAbsent(pod.getMetadata().getUid(), pod);
                String before = owner(old);
                String after = owner(pod);
                if (!before.equals(after)) {
                    ownerChanges.add(new OwnerChange(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                            before, after, Instant.now()));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podsSeen.putIfAbsent(pod.getMetadata().getUid(), pod);
            }
        }, 0);
        Path kubeconfig = apiServer.writeKubeconfig(output.resolve("kubeconfig"));
        Set<String> namespaces = new LinkedHashSet<>(List.of("default"));
        namespaces.addAll(builder.namespaces);
        namespaces.forEach(this::prepareNamespace);
        Map<String, String> node = new LinkedHashMap<>(TaskpodProcess.environment());
        node.put("TASKPOD__DATABASE__URL", databaseTrap.url());
        this.kubelet = TestKubelet.builder(apiServer).workDir(output.resolve("node"))
                .taskpodCommand(TaskpodProcess.command()).environment(node).start();
        this.executionApiPort = freePort();
        this.configFile = writeConfig(builder.settings, kubeconfig);
        this.executionApi = startExecutionApi();
    }

    /** A harness whose files go to {@code target/kubernetes-e2e/name}; configure, then {@link Builder#start()}. */
    public static Builder builder(String name) {
        return new Builder(Path.of("target", "kubernetes-e2e", name).toAbsolutePath());
    }

    // ---- files and commands

    /** Writes a DAG file into the DAGs folder (schedulers and workers read it there). */
    public Path dagFile(String fileName, String yaml) {
        try {
            return Files.writeString(dags.resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ExecutionMarkers markers() {
        return markers;
    }

    /**
     * A DAG task (an item of a {@code tasks:} list) that records its execution, prints {@code hello from a running
     * pod} and runs until {@code release} exists, writing its try's log to a folder of its pod's own: while it runs,
     * its log file is not where the scheduler and {@code tasks logs} look, so they read the pod's log through the API.
     */
    public String taskLoggingOnlyInItsPod(String taskId, Path release) {
        Path podLocalLogs = directory(output.resolve("pod-local-logs"));
        return """
                  - task_id: %s
                    executor_config:
                      pod_override:
                        spec:
                          containers:
                            - name: base
                              env:
                                - {name: TASKPOD__LOGGING__BASE_LOG_FOLDER, value: "%s"}
                    bash: |
                      %s
                      echo "hello from a running pod"
                      while [ ! -e "%s" ]; do sleep 0.2; done
                """.formatted(taskId, podLocalLogs, markers.record(), release);
    }

    /** Starts {@code taskpod scheduler} with this id and waits until its KubernetesExecutor has started. */
    public SchedulerProcess startScheduler(String schedulerId) {
        Map<String, String> environment = environment();
        environment.put("TASKPOD__SCHEDULER__INSTANCE_ID", schedulerId);
        int started = (int) schedulers.stream().filter(s -> s.id().equals(schedulerId)).count();
        SchedulerProcess scheduler = SchedulerProcess.start(schedulerId, environment,
                output.resolve("schedulers").resolve(schedulerId + "-" + (started + 1) + ".log"));
        schedulers.add(scheduler);
        return scheduler;
    }

    /** Runs a {@code taskpod} command with the harness's configuration and waits for it. */
    public TaskpodProcess.Result taskpod(String... args) {
        try {
            return TaskpodProcess.run(environment(), args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code taskpod dags trigger DAG_ID --run-id RUN_ID}. */
    public void trigger(String dagId, String runId) {
        TaskpodProcess.Result result = taskpod("dags", "trigger", dagId, "--run-id", runId);
        if (result.exitCode() != 0) {
            throw new AssertionError("dags trigger " + dagId + " failed (" + result.exitCode() + "): "
                    + result.stdout() + result.stderr());
        }
    }

    /** Waits until the run is in {@code state}; fails at once when it finishes in another one. */
    public void awaitRun(String dagId, String runId, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            String current = database.runState(dagId, runId).orElse("");
            if (!current.equals(state) && (current.equals("success") || current.equals("failed"))) {
                throw new AssertionError("run " + runId + " of " + dagId + " finished " + current + ", expected "
                        + state + "; task instances: " + database.taskStates(dagId, runId));
            }
            return current.equals(state);
        });
    }

    /** Waits until the (unmapped) task instance is in {@code state}. */
    public void awaitTask(String dagId, String runId, String taskId, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> database.task(dagId, runId, taskId, -1).state().equals(state));
    }

    public MetadataQueries database() {
        return database;
    }

    /** The try's log file as the worker and the executor wrote it; "" when there is none. */
    public String taskLog(String dagId, String runId, String taskId, int tryNumber) {
        Path file = logs.resolve("dag_id=" + dagId).resolve("run_id=" + runId).resolve("task_id=" + taskId)
                .resolve("attempt=" + tryNumber + ".log");
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- pods

    /** Selects the pods of a task (any try), for {@link TestKubelet#script} and {@link #deletePod}. */
    public static Predicate<Pod> podsOf(String dagId, String taskId) {
        return pod -> {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            return annotations != null && dagId.equals(annotations.get(DAG_ID))
                    && taskId.equals(annotations.get(TASK_ID));
        };
    }

    /** Pods the node took on for the task (any map index), by try number. */
    public Map<Integer, Long> podsPerTry(String dagId, String taskId) {
        return perTry(dagId, taskId, record -> true);
    }

    /** Pods of the task whose container the node started, by try number. */
    public Map<Integer, Long> containersPerTry(String dagId, String taskId) {
        return perTry(dagId, taskId, PodRecord::processLaunched);
    }

    /** What the node did with every pod of the task, oldest first. */
    public List<PodRecord> podRecords(String dagId, String taskId) {
        return kubelet.pods().stream().filter(record -> record.identity(DAG_ID).equals(dagId)
                && record.identity(TASK_ID).equals(taskId)).toList();
    }

    private Map<Integer, Long> perTry(String dagId, String taskId, Predicate<PodRecord> which) {
        return podRecords(dagId, taskId).stream().filter(which)
                .collect(Collectors.groupingBy(record -> Integer.parseInt(record.identity(TRY_NUMBER)), TreeMap::new,
                        Collectors.counting()));
    }

    /** Pod creates the API server received from taskpod (not from the test kubelet). */
    public long podCreates() {
        return apiServer.requestCounts().excludingTestKubelets().count(Verb.CREATE, "pods");
    }

    /** Every pod created so far (as first seen: its spec as taskpod created it), deleted ones included. */
    public List<Pod> podsSeen() {
        return List.copyOf(podsSeen.values());
    }

    /**
     * Every change of a pod's {@code taskpod-worker} label (its owning scheduler) the harness saw, oldest first:
     * adoptions, and nothing else, move pods between schedulers.
     */
    public List<OwnerChange> ownerChanges() {
        return List.copyOf(ownerChanges);
    }

    /** A pod moved from one scheduler to another at about {@code seenAt}. */
    public record OwnerChange(String namespace, String pod, String from, String to, Instant seenAt) {}

    private static String owner(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(WORKER_LABEL, "");
    }

    /** The pods that exist now, in every namespace. */
    public List<Pod> livePods() {
        return client.pods().inAnyNamespace().list().getItems();
    }

    /** Deletes a pod as a user or a controller would (graceful); its container gets SIGTERM from the node. */
    public void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    // ---- faults

    /** Cuts every open watch's connection, as a network failure or a load balancer does. */
    public void cutWatches() {
        apiServer.faults().dropOpenWatches();
    }

    /** Ends every open watch with a 410 Expired ERROR event, as a compacted watch cache does. */
    public void expireWatches() {
        apiServer.faults().expireOpenWatches();
    }

    /** Takes the API server away (connections refused, watches cut); everything stored stays. */
    public void stopApiServer() {
        apiServer.stop();
    }

    /** Brings the API server back at the same address with everything it stored. */
    public void startApiServer() {
        apiServer.start();
    }

    /** Stops and starts PostgreSQL on the same port with the same data: every connection breaks once. */
    public void restartPostgres() {
        postgres.restart();
    }

    public void stopPostgres() {
        postgres.stop();
    }

    public void startPostgres() {
        postgres.start();
    }

    // ---- parts

    public TestKubernetesApiServer apiServer() {
        return apiServer;
    }

    public TestKubelet kubelet() {
        return kubelet;
    }

    /** A client of the API server (the test's own, not taskpod's). */
    public KubernetesClient client() {
        return client;
    }

    public Path logFolder() {
        return logs;
    }

    /** The environment of a taskpod process of this harness (scheduler ids are added per scheduler). */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TASKPOD_HOME", directory(output.resolve("home")).toString());
        environment.put("TASKPOD_CONFIG", configFile.toString());
        environment.put("TASKPOD__DATABASE__PASSWORD", DATABASE_PASSWORD);
        environment.putAll(processEnvironment);
        return environment;
    }

    /**
     * Connections worker processes opened to a database: every container of the node gets {@code [database] url}
     * pointing at a {@link DatabaseTrap} that refuses and counts them (pods themselves get no database settings).
     */
    public int workerDatabaseConnections() {
        return databaseTrap.connections();
    }

    /** What the api-server serving the execution API logged so far. */
    public String executionApiLog() {
        try {
            return executionApi.stderr() + executionApi.stdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every scheduler still running (SIGKILL), the api-server, the node, the API server and PostgreSQL. */
    @Override
    public void close() {
        schedulers.forEach(SchedulerProcess::close);
        keepExecutionApiLog();
        kubelet.close();
        podRecorder.close();
        client.close();
        apiServer.close();
        postgres.close();
        databaseTrap.close();
    }

    private void prepareNamespace(String namespace) {
        apiServer.createNamespace(namespace);
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(WORKER_CONFIG_MAP).endMetadata()
                .addToData("TASKPOD_HOME", directory(output.resolve("worker-home")).toString())
                .addToData("TASKPOD__CORE__DAGS_FOLDER", dags.toString())
                .addToData("TASKPOD__CORE__LOAD_EXAMPLES", "False")
                .addToData("TASKPOD__LOGGING__BASE_LOG_FOLDER", logs.toString())
                .addToData(workerConfig)
                .build()).create();
        if (!workerSecrets.isEmpty()) {
            client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                    .withNewMetadata().withName(WORKER_SECRET).endMetadata()
                    .addToStringData(workerSecrets)
                    .build()).create();
        }
    }

    /** {@code taskpod api-server} on a port of its own, started once the configuration is written. */
    private BackgroundTaskpod startExecutionApi() {
        Map<String, String> environment = environment();
        environment.put("TASKPOD__API__PORT", Integer.toString(executionApiPort));
        try {
            BackgroundTaskpod server = BackgroundTaskpod.start(environment, "api-server");
            server.awaitLog("API server listening on", SchedulerProcess.START_OR_STOP);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keepExecutionApiLog() {
        try {
            Files.writeString(output.resolve("api-server.log"), executionApiLog());
            executionApi.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeConfig(Map<String, Map<String, String>> overrides, Path kubeconfig) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("core", new LinkedHashMap<>(Map.of("executor", "KubernetesExecutor", "dags_folder", dags.toString(),
                "load_examples", "False", "execution_api_server_url",
                "http://127.0.0.1:" + executionApiPort + "/execution/")));
        settings.put("api", new LinkedHashMap<>(Map.of("execution_api_jwt_secret", JWT_SECRET)));
        settings.put("database", new LinkedHashMap<>(Map.of("url", postgres.url(), "user", postgres.user())));
        settings.put("scheduler", new LinkedHashMap<>(Map.of("scheduler_idle_sleep_time", "0.2",
                "dag_dir_list_interval", "1")));
        settings.put("logging", new LinkedHashMap<>(Map.of("base_log_folder", logs.toString())));
        settings.put("kubernetes_executor", new LinkedHashMap<>(Map.of("in_cluster", "False",
                "config_file", kubeconfig.toString(), "pod_template_file", podTemplate().toString())));
        overrides.forEach((section, keys) -> settings.computeIfAbsent(section, s -> new LinkedHashMap<>()).putAll(keys));
        StringBuilder ini = new StringBuilder();
        settings.forEach((section, keys) -> {
            ini.append('[').append(section).append("]\n");
            keys.forEach((key, value) -> ini.append(key).append(" = ").append(value).append('\n'));
        });
        try {
            return Files.writeString(output.resolve("taskpod.cfg"), ini);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipped example; with {@link Builder#workerSecret worker secrets}, a copy whose base container also reads the
     * Secret {@value #WORKER_SECRET} (as the remote-logs deploy component's template does).
     */
    private Path podTemplate() {
        if (workerSecrets.isEmpty()) {
            return examplePodTemplate();
        }
        try {
            Pod template = Serialization.unmarshal(Files.readString(examplePodTemplate()), Pod.class);
            template.getSpec().getContainers().getFirst().getEnvFrom().add(new EnvFromSourceBuilder()
                    .withNewSecretRef().withName(WORKER_SECRET).withOptional(true).endSecretRef().build());
            return Files.writeString(output.resolve("pod_template.yaml"), Serialization.asYaml(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped example, {@code examples/pod_template.yaml}; failsafe passes the folder as {@code taskpod.examples}. */
    public static Path examplePodTemplate() {
        Path template = Path.of(System.getProperty("taskpod.examples", "../examples"), "pod_template.yaml")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException("the example pod template is missing: " + template);
        }
        return template;
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("taskpod-e2e-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings of a {@link KubernetesEndToEnd}. */
    public static final class Builder {
        private final Path output;
        private final List<String> namespaces = new ArrayList<>();
        private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        private final Map<String, String> workerConfig = new LinkedHashMap<>();
        private final Map<String, String> workerSecrets = new LinkedHashMap<>();
        private final Map<String, String> processEnvironment = new LinkedHashMap<>();

        private Builder(Path output) {
            this.output = output;
        }

        /** Namespaces to create and prepare for workers besides {@code default}. */
        public Builder namespaces(String... names) {
            namespaces.addAll(List.of(names));
            return this;
        }

        /** A {@code taskpod.cfg} value on top of the harness's. */
        public Builder set(String section, String key, String value) {
            settings.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** A {@code [kubernetes_executor]} value on top of the harness's. */
        public Builder kubernetes(String key, String value) {
            return set("kubernetes_executor", key, value);
        }

        /** A variable of workers' ConfigMap, over the harness's own (e.g. a log folder of the workers' own). */
        public Builder workerConfig(String name, String value) {
            workerConfig.put(name, value);
            return this;
        }

        /** A variable of the Secret {@value KubernetesEndToEnd#WORKER_SECRET} that workers read (e.g. log store keys). */
        public Builder workerSecret(String name, String value) {
            workerSecrets.put(name, value);
            return this;
        }

        /** A variable of every scheduler and command the harness runs. */
        public Builder environment(String name, String value) {
            processEnvironment.put(name, value);
            return this;
        }

        /** The folder the harness keeps its files in, e.g. for a server the test starts beside it. */
        public Path output() {
            return output;
        }

        public KubernetesEndToEnd start() {
            deleteRecursively(output);
            directory(output);
            return new KubernetesEndToEnd(this);
        }
    }
}
