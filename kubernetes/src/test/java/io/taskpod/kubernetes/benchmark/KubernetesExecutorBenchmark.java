package io.taskpod.kubernetes.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutorBuilder;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.testing.InMemoryResourceVersions;
import io.taskpod.kubernetes.testing.InMemoryTaskStates;
import io.taskpod.testkit.kubernetes.RequestCounts;
import io.taskpod.testkit.kubernetes.TestKubelet;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launch and API-cost figures of the KubernetesExecutor against the {@link TestKubernetesApiServer}, each with its
 * baseline measured in the same run. Not part of the default build:
 * {@code ./mvnw -B -pl kubernetes -am test -Pbenchmarks -Dtest=KubernetesExecutorBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.tasks=2000] [-Dbenchmark.rounds=3] [-Dbenchmark.lifecycleTasks=200]}.
 */
@Tag("benchmark")
class KubernetesExecutorBenchmark {

    private static final int TASKS = Integer.getInteger("benchmark.tasks", 2000);
    private static final int LIFECYCLE_TASKS = Integer.getInteger("benchmark.lifecycleTasks", 200);
    private static final int WARM_UP = 200;
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    /**
     * Time between heartbeats: a busy scheduler loop spends its iterations on database round trips, it does not spin;
     * a spinning benchmark thread would take a whole core from the create threads and the server on small machines.
     */
    private static final Duration LOOP_PAUSE = Duration.ofMillis(1);
    private static final String SCHEDULER = "bench";

    @TempDir
    Path dir;

    private static KubernetesExecutorSettings settings(Map<String, String> overrides) {
        Map<String, String> keys = new LinkedHashMap<>(Map.of("worker_container_repository", "taskpod/worker",
                "worker_container_tag", "bench"));
        keys.putAll(overrides);
        MapConfigSource source = new MapConfigSource("benchmark");
        keys.forEach((key, value) -> source.set(KubernetesConfigKeys.SECTION, key, value));
        return KubernetesExecutorSettings.from(new Config(source, new ConfigSchema(List.of(KubernetesConfigKeys.ALL)),
                Path.of(".")));
    }

    private static TaskInstanceKey key(String run, int i) {
        return new TaskInstanceKey("bench", "task_" + i, run, 1, -1);
    }

    private static ExecuteTask task(TaskInstanceKey key) {
        return new ExecuteTask(key, "kubernetes", 1, Optional.empty(), Map.of(), 1, WorkerCommand.forLaunch(key, 1));
    }

    private static void report(String line) {
        System.out.println("[benchmark] " + line);
    }

    /**
     * Pods created per second by the executor (build, queue, rate limiter, concurrent creates, results applied on the
     * scheduler thread, heartbeating as fast as a busy scheduler loop does) against raw fabric8 creates of the same
     * pods with the same concurrency, on the same server, in the same JVM, each after the same warm-up.
     */
    @Test
    void launchRateAgainstRawFabric8Creates() throws Exception {
        KubernetesExecutorSettings settings = settings(Map.of("api_qps", "100000", "api_burst", "100000"));
        int concurrency = settings.launch().maxConcurrentCreates();
        try (TestKubernetesApiServer server = TestKubernetesApiServer.startNew();
                KubernetesClient executorClient = server.newClient();
                KubernetesClient rawClient = server.newClient()) {
            MeterRegistry meters = new SimpleMeterRegistry();
            KubernetesExecutor executor = KubernetesExecutor.builder().settings(settings).schedulerId(SCHEDULER)
                    .parallelism(0).client(executorClient).resourceVersions(new InMemoryResourceVersions())
                    .taskStates(new InMemoryTaskStates()).logFiles(new TaskLogFiles(dir, Clock.systemUTC()))
                    .meterRegistry(meters).build();
            executor.start();
            PodFactory factory = new PodFactory(settings, SCHEDULER, new PodTemplateLoader());

            rawCreates(rawClient, factory, "warm-up", WARM_UP, concurrency);
            executorCreates(executor, meters, "warm-up", WARM_UP);
            double builds = podBuilds(factory, TASKS);
            List<Double> raw = new ArrayList<>();
            List<Double> viaExecutor = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                raw.add(rawCreates(rawClient, factory, "round-" + round, TASKS, concurrency));
                viaExecutor.add(executorCreates(executor, meters, "round-" + round, TASKS));
            }
            executor.terminate();

            report(String.format("pod creates, %d pods per round, %d rounds alternating, %d concurrent creates, %d CPU(s)",
                    TASKS, ROUNDS, concurrency, Runtime.getRuntime().availableProcessors()));
            report("  raw fabric8 creates (pods/s):  " + rates(raw));
            report("  KubernetesExecutor (pods/s):   " + rates(viaExecutor));
            report(String.format("  median executor / median raw:  %.2f", median(viaExecutor) / median(raw)));
            report(String.format("  (pod building alone, on the scheduler thread: %.0f pods/s)", builds));
            assertThat(median(viaExecutor)).isPositive();
        }
    }

    private static double rawCreates(KubernetesClient client, PodFactory factory, String run, int count, int threads)
            throws Exception {
        String namespace = "raw-" + run;
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Pod pod = ((PodBuildResult.Built) factory.build(task(key(run, i)))).pod();
            pods.add(new PodBuilder(pod).editMetadata().withNamespace(namespace).endMetadata().build());
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    client.pods().inNamespace(namespace).resource(pods.get(i)).create();
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    private static String rates(List<Double> rates) {
        return rates.stream().map(rate -> String.format("%.0f", rate)).toList() + String.format(", median %.0f", median(rates));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double podBuilds(PodFactory factory, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(factory.build(task(key("build-only", i)))).isInstanceOf(PodBuildResult.Built.class);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double executorCreates(KubernetesExecutor executor, MeterRegistry meters, String run, int count) {
        Counter created = meters.counter("kubernetes_executor.pod_creates", "outcome", "created", "code", "201");
        double before = created.count();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            executor.queueWorkload(task(key(run, i)));
        }
        while (created.count() - before < count) {
            executor.heartbeat();
            executor.drainEvents();
            executor.eventsStored();
            LockSupport.parkNanos(LOOP_PAUSE.toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(executor.running()).hasSizeGreaterThanOrEqualTo(count);
        return count / seconds;
    }

    /**
     * API requests per task instance over whole lives: queued, created, run to success by a test kubelet, reported,
     * deleted; the executor's requests only (the kubelet's are not counted), watch and reconcile lists included.
     * Baseline: Airflow's happy path is 1 create + 1 delete per task plus its watch (reference Part 4.2). Measured
     * twice: pods without the execution API's token (before), and with each pod's token Secret (after).
     */
    @Test
    void apiRequestsPerTaskOverWholeLives() throws IOException {
        lifecycle("without per-try tokens", Optional.empty());
        lifecycle("with per-try token Secrets", Optional.of(new TryTokenDelivery((key, launch) -> "token-" + key,
                URI.create("http://127.0.0.1:8080/execution/"))));
    }

    private void lifecycle(String variant, Optional<TryTokenDelivery> tokens) throws IOException {
        Path markers = Files.createDirectories(dir.resolve("ran-" + tokens.isPresent()));
        Path template = Files.writeString(dir.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: template
                spec:
                  containers:
                    - name: base
                      command: ["taskpod"]
                """);
        KubernetesExecutorSettings settings = settings(Map.of("pod_template_file", template.toString()));
        try (TestKubernetesApiServer server = TestKubernetesApiServer.startNew();
                KubernetesClient client = server.newClient();
                TestKubelet kubelet = TestKubelet.builder(server).workDir(dir.resolve("node"))
                        .taskpodCommand(List.of("sh", "-c", "touch '" + markers + "'/\"$4\"", "taskpod")).start()) {
            MarkerTaskStates states = new MarkerTaskStates(markers);
            MeterRegistry meters = new SimpleMeterRegistry();
            Counter deleted = meters.counter("kubernetes_executor.pod_cleanups", "action", "delete", "result", "ok");
            server.resetRequestCounts();
            long start = System.nanoTime();
            KubernetesExecutorBuilder builder = KubernetesExecutor.builder().settings(settings).schedulerId(SCHEDULER)
                    .parallelism(0).client(client).resourceVersions(new InMemoryResourceVersions()).taskStates(states)
                    .logFiles(new TaskLogFiles(dir.resolve("logs"), Clock.systemUTC())).meterRegistry(meters);
            tokens.ifPresent(builder::tryTokens);
            KubernetesExecutor executor = builder.build();
            executor.start();
            for (int i = 0; i < LIFECYCLE_TASKS; i++) {
                TaskInstanceKey key = key("lifecycle", i);
                states.queued.queued(key, SCHEDULER, 1);
                executor.queueWorkload(task(key));
            }
            List<ExecutorEvent> finished = new ArrayList<>();
            while (finished.size() < LIFECYCLE_TASKS || deleted.count() < LIFECYCLE_TASKS) {
                executor.heartbeat();
                executor.drainEvents().stream().filter(e -> e.state().isFinished()).forEach(finished::add);
                executor.eventsStored();
                LockSupport.parkNanos(LOOP_PAUSE.toNanos());
            }
            executor.end();
            double seconds = (System.nanoTime() - start) / 1e9;
            RequestCounts counts = server.requestCounts().excludingTestKubelets();

            assertThat(finished).extracting(ExecutorEvent::state).containsOnly(TaskState.SUCCESS);
            assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
            report(String.format("whole lives of %d tasks (%d pods run by a test kubelet), %s, in %.1f s",
                    LIFECYCLE_TASKS, kubelet.processesLaunched(), variant, seconds));
            report("  requests by the executor: " + counts);
            report(String.format("  API requests per task instance: %.2f", (double) counts.total() / LIFECYCLE_TASKS));
        }
    }

    /** Task states a worker "records" by leaving a marker file named after its task id. */
    private static final class MarkerTaskStates implements TaskStateLookup {
        private final Path markers;
        private final InMemoryTaskStates queued = new InMemoryTaskStates();

        MarkerTaskStates(Path markers) {
            this.markers = markers;
        }

        @Override
        public Optional<TaskInstance> find(TaskInstanceId id) {
            return queued.find(id).map(row -> Files.exists(markers.resolve(id.taskId()))
                    ? queued.put(row.key(), TaskState.SUCCESS, row.queuedBy(), row.launchAttempt()) : row);
        }

        @Override
        public List<TaskInstance> findExecutingQueuedBy(String schedulerId) {
            return queued.findExecutingQueuedBy(schedulerId);
        }

        @Override
        public Collection<String> liveSchedulerIds() {
            return List.of(SCHEDULER);
        }
    }
}
