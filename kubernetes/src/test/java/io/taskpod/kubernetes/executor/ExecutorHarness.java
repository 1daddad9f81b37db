package io.taskpod.kubernetes.executor;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.pod.PodNames;
import io.taskpod.kubernetes.testing.InMemoryResourceVersions;
import io.taskpod.kubernetes.testing.InMemoryTaskStates;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A {@link TestKubernetesApiServer}, in-memory ports, a task log folder and executors built against them, with
 * helpers that read like what a test checks: queue a task, heartbeat until its event arrives, play the node.
 */
final class ExecutorHarness implements AutoCloseable {

    static final String SCHEDULER = "sched-1";
    /** Settings every test starts from: an image (required), and short timings where tests wait for them. */
    static final Map<String, String> BASE = Map.of("worker_container_repository", "taskpod/worker",
            "worker_container_tag", "test", "worker_pods_reconcile_interval", "1");

    final TestKubernetesApiServer server;
    final KubernetesClient admin;
    final InMemoryResourceVersions versions = new InMemoryResourceVersions();
    final InMemoryTaskStates states = new InMemoryTaskStates();
    final Path logFolder;
    final TaskLogFiles logs;
    final Clock clock;
    final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private final List<KubernetesExecutor> executors = new CopyOnWriteArrayList<>();
    private final Map<KubernetesExecutor, List<ExecutorEvent>> events = new IdentityHashMap<>();

    ExecutorHarness(Path logFolder) {
        this(logFolder, Clock.systemUTC(), TestKubernetesApiServer.builder());
    }

    ExecutorHarness(Path logFolder, Clock clock, TestKubernetesApiServer.Builder server) {
        this.clock = clock;
        this.server = server.clock(clock).build().start();
        this.admin = this.server.newClient();
        this.logFolder = logFolder;
        this.logs = new TaskLogFiles(logFolder, clock);
    }

    static KubernetesExecutorSettings settings(Map<String, String> overrides) {
        Map<String, String> keys = new LinkedHashMap<>(BASE);
        keys.putAll(overrides);
        MapConfigSource source = new MapConfigSource("test");
        keys.forEach((key, value) -> source.set(KubernetesConfigKeys.SECTION, key, value));
        return KubernetesExecutorSettings.from(new Config(source, new ConfigSchema(List.of(KubernetesConfigKeys.ALL)),
                Path.of(".")));
    }

    /** A started executor for {@code schedulerId}; {@code overrides} are {@code [kubernetes_executor]} keys. */
    KubernetesExecutor start(String schedulerId, Map<String, String> overrides) {
        KubernetesClient client = server.newClient();
        clients.add(client);
        KubernetesExecutor executor = KubernetesExecutor.builder().settings(settings(overrides)).schedulerId(schedulerId)
                .parallelism(0).client(client).resourceVersions(versions).taskStates(states).logFiles(logs)
                .clock(clock).meterRegistry(meters).build();
        executor.start();
        executors.add(executor);
        synchronized (events) {
            events.put(executor, new ArrayList<>());
        }
        return executor;
    }

    KubernetesExecutor start() {
        return start(SCHEDULER, Map.of());
    }

    static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("etl", taskId, "manual__2026-01-01", 1, -1);
    }

    static ExecuteTask task(TaskInstanceKey key, Map<String, Object> executorConfig, int launchAttempt) {
        return new ExecuteTask(key, "kubernetes", 1, Optional.empty(), executorConfig, launchAttempt,
                WorkerCommand.forLaunch(key, launchAttempt));
    }

    static String podName(TaskInstanceKey key) {
        return PodNames.podName(key, 1);
    }

    /** The scheduler queues the try in the database and hands it to the executor. */
    void queue(KubernetesExecutor executor, TaskInstanceKey key) {
        queue(executor, key, Map.of());
    }

    void queue(KubernetesExecutor executor, TaskInstanceKey key, Map<String, Object> executorConfig) {
        states.queued(key, executor.schedulerId(), 1);
        executor.queueWorkload(task(key, executorConfig, 1));
    }

    /** One heartbeat; the events it produced are collected and, as the scheduler does, stored. */
    List<ExecutorEvent> heartbeat(KubernetesExecutor executor) {
        executor.heartbeat();
        List<ExecutorEvent> drained = executor.drainEvents();
        executor.eventsStored();
        synchronized (events) {
            events.get(executor).addAll(drained);
        }
        return drained;
    }

    List<ExecutorEvent> events(KubernetesExecutor executor) {
        synchronized (events) {
            return List.copyOf(events.get(executor));
        }
    }

    /** Heartbeats until an event for {@code key} matching {@code which} has arrived; returns it. */
    ExecutorEvent awaitEvent(KubernetesExecutor executor, TaskInstanceKey key, Predicate<ExecutorEvent> which) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            heartbeat(executor);
            return events(executor).stream().anyMatch(e -> e.key().equals(key) && which.test(e));
        });
        return events(executor).stream().filter(e -> e.key().equals(key) && which.test(e)).findFirst().orElseThrow();
    }

    ExecutorEvent awaitFinished(KubernetesExecutor executor, TaskInstanceKey key) {
        return awaitEvent(executor, key, e -> e.state().isFinished() || e.state() == TaskState.UP_FOR_RETRY);
    }

    /** Heartbeats until {@code condition} holds. */
    void heartbeatUntil(KubernetesExecutor executor, Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            heartbeat(executor);
            return condition.call();
        });
    }

    Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(admin.pods().inNamespace(namespace).withName(name).get());
    }

    Pod awaitPod(String namespace, String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> pod(namespace, name).isPresent());
        return pod(namespace, name).orElseThrow();
    }

    /** Plays the node: the pod's phase and its base container's state. */
    void phase(String namespace, String name, String phase) {
        admin.pods().inNamespace(namespace).withName(name).editStatus(pod -> {
            PodBuilder builder = new PodBuilder(pod);
            var status = builder.editOrNewStatus().withPhase(phase);
            var container = new ContainerStatusBuilder().withName("base").withImage("taskpod/worker:test").withReady(false)
                    .withRestartCount(0);
            switch (phase) {
                case "Running" -> container.withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z")
                        .endRunning().endState();
                case "Succeeded" -> container.withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                        .endTerminated().endState();
                case "Failed" -> container.withNewState().withNewTerminated().withExitCode(1).withReason("Error")
                        .endTerminated().endState();
                default -> container.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting()
                        .endState();
            }
            return status.withContainerStatuses(container.build()).endStatus().build();
        });
    }

    /** Rewrites the pod's status as {@code edit} returns it. */
    void status(String namespace, String name, UnaryOperator<Pod> edit) {
        admin.pods().inNamespace(namespace).withName(name).editStatus(edit);
    }

    String taskLog(TaskInstanceKey key) {
        Path file = logs.pathOf(key);
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(KubernetesExecutor executor) {
        executor.end();
        executors.remove(executor);
    }

    @Override
    public void close() {
        executors.forEach(KubernetesExecutor::terminate);
        clients.forEach(KubernetesClient::close);
        admin.close();
        server.close();
    }
}
