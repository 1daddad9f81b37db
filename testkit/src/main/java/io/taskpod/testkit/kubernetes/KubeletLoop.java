package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's sync loop: one thread that owns every {@link PodRun}, reacts to pod changes (level-triggered:
 * each change makes it look at the pod's current state in the informer cache), claims new pods by binding them
 * to its node (a lost binding race means another node runs the pod), carries out the pod's
 * {@link NodeBehaviour}, writes pod status, and finishes deletions. A pod is run at most once per uid, whatever
 * the watch replays. While paused, work waits and runs in order on resume.
 */
final class KubeletLoop {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletLoop.class);

    /** Fixed settings of a kubelet. */
    record Settings(String node, List<String> imageEntrypoint, List<String> taskpodCommand, Path workDir,
            Map<String, String> baseEnvironment, Duration retryInterval, String hostIp) {}

    private final KubernetesClient client;
    private final Settings settings;
    private final PodScripts scripts;
    private final ContainerEnvironment environment;
    private final ScheduledExecutorService executor;
    private final Function<String, Optional<Pod>> cache;
    private final Map<String, PodRun> runs = new LinkedHashMap<>();
    private final Map<String, PodRun> latestByKey = new HashMap<>();
    private final Map<String, PodRecord> records;
    private final AtomicInteger processesLaunched = new AtomicInteger();
    private final List<Runnable> deferred = new ArrayList<>();
    private boolean paused;
    private int addresses;

    KubeletLoop(KubernetesClient client, Settings settings, PodScripts scripts, ScheduledExecutorService executor,
            Function<String, Optional<Pod>> cache, Map<String, PodRecord> records) {
        this.client = client;
        this.settings = settings;
        this.scripts = scripts;
        this.environment = new ContainerEnvironment(client);
        this.executor = executor;
        this.cache = cache;
        this.records = records;
    }

    int processesLaunched() {
        return processesLaunched.get();
    }

    /** Runs {@code task} on the loop, or after {@link #resume()} while paused; nothing once the kubelet closed. */
    void submit(Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(() -> {
            if (paused) {
                deferred.add(task);
            } else {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("kubelet {}: {}", settings.node(), e.toString(), e);
                }
            }
        });
    }

    void later(Duration delay, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> submit(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    void pause() {
        executor.execute(() -> paused = true);
    }

    void resume(List<String> keys) {
        executor.execute(() -> {
            paused = false;
            List<Runnable> waiting = List.copyOf(deferred);
            deferred.clear();
            waiting.forEach(this::submit);
            keys.forEach(key -> submit(() -> sync(key)));
        });
    }

    /** Stops every process at once, for a kubelet that is being closed. */
    void killAll() {
        runs.values().forEach(run -> run.process.ifPresent(ContainerProcess::kill));
    }

    /** Looks at a pod's current state (key {@code namespace/name}) and does what a kubelet would. */
    void sync(String key) {
        Optional<Pod> current = cache.apply(key);
        Optional.ofNullable(latestByKey.get(key))
                .filter(run -> !run.gone
                        && current.map(pod -> !pod.getMetadata().getUid().equals(run.uid)).orElse(true))
                .ifPresent(this::gone);
        if (current.isEmpty()) {
            return;
        }
        Pod pod = current.get();
        PodRun run = runs.get(pod.getMetadata().getUid());
        if (run != null) {
            run.pod = pod;
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                deleting(run);
            }
            return;
        }
        String boundTo = Optional.ofNullable(pod.getSpec().getNodeName()).orElse("");
        String phase = pod.getStatus() == null ? "" : Optional.ofNullable(pod.getStatus().getPhase()).orElse("");
        if (!(boundTo.isEmpty() || boundTo.equals(settings.node()))
                || pod.getMetadata().getDeletionTimestamp() != null || phase.equals("Succeeded")
                || phase.equals("Failed")) {
            return;
        }
        take(pod, scripts.choose(pod), !boundTo.isEmpty());
    }

    /** Takes a new pod on: binds it (unless created bound to this node), then starts its behaviour. */
    private void take(Pod pod, NodeBehaviour behaviour, boolean bound) {
        if (behaviour instanceof NodeBehaviour.Unschedulable unschedulable && !bound) {
            PodRun run = register(pod, behaviour, PodRun.State.UNSCHEDULABLE);
            writeStatus(run, PodStatuses.unschedulable(pod, unschedulable.message(), Instant.now()));
            return;
        }
        try {
            if (!bound) {
                bind(pod);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                later(settings.retryInterval(), () -> sync(key(pod)));
            }
            return;
        }
        PodRun run = register(new PodBuilder(pod).editSpec().withNodeName(settings.node()).endSpec().build(),
                behaviour, PodRun.State.CREATING);
        writeStatus(run, PodStatuses.waiting(run.pod, baseContainer(run).getName(), run.placement,
                "ContainerCreating", ""));
        switch (behaviour) {
            case NodeBehaviour.DelayedStart delayed -> later(delayed.delay(), () -> launch(run));
            case NodeBehaviour.ImagePullFailure failure -> imagePullBackOff(run, failure, true);
            default -> launch(run);
        }
    }

    private void bind(Pod pod) {
        client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(settings.node()).endTarget()
                .build()).create();
    }

    private PodRun register(Pod pod, NodeBehaviour behaviour, PodRun.State state) {
        int address = ++addresses;
        PodStatuses.Placement placement = new PodStatuses.Placement(settings.hostIp(),
                "127.0." + (address / 250 + 1) + "." + (address % 250 + 1), Instant.now());
        Path log = settings.workDir().resolve("logs").resolve(pod.getMetadata().getNamespace() + "_"
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getUid() + ".log");
        PodRun run = new PodRun(pod, behaviour, placement, log, state);
        runs.put(run.uid, run);
        latestByKey.put(key(pod), run);
        publish(run);
        return run;
    }

    private void imagePullBackOff(PodRun run, NodeBehaviour.ImagePullFailure failure, boolean pulling) {
        if (!run.isActive() || run.state != PodRun.State.CREATING) {
            return;
        }
        String image = baseContainer(run).getImage();
        writeStatus(run, PodStatuses.waiting(run.pod, baseContainer(run).getName(), run.placement,
                pulling ? "ErrImagePull" : "ImagePullBackOff",
                pulling ? failure.message() : "Back-off pulling image \"" + image + "\""));
        later(failure.interval(), () -> imagePullBackOff(run, failure, !pulling));
    }

    private void launch(PodRun run) {
        if (!run.isActive() || run.state != PodRun.State.CREATING) {
            return;
        }
        Container container = baseContainer(run);
        Pod placed = new PodBuilder(run.pod).editOrNewStatus().withPodIP(run.placement.podIp())
                .withHostIP(run.placement.hostIp()).endStatus().build();
        Map<String, String> env = new LinkedHashMap<>(settings.baseEnvironment());
        try {
            env.putAll(environment.resolve(placed, container));
        } catch (ContainerEnvironment.ConfigError e) {
            writeStatus(run, PodStatuses.waiting(run.pod, container.getName(), run.placement,
                    "CreateContainerConfigError", e.getMessage()));
            later(settings.retryInterval(), () -> launch(run));
            return;
        } catch (KubernetesClientException e) {
            later(settings.retryInterval(), () -> launch(run));
            return;
        }
        env.put("HOSTNAME", NameRules.podHostname(run.name));
        List<String> argv = argv(container, env);
        run.startedAt = Instant.now();
        if (argv.isEmpty()) {
            finish(run, 128, "StartError", Optional.of("no command specified"));
            return;
        }
        try {
            Path podDir = Files.createDirectories(settings.workDir().resolve("pods").resolve(run.uid));
            Files.createDirectories(run.log.getParent());
            ContainerProcess process = ContainerProcess.start(argv, env, podDir, run.log);
            run.process = Optional.of(process);
            processesLaunched.incrementAndGet();
            run.state = PodRun.State.RUNNING;
            process.exit().thenAccept(code -> submit(() -> exited(run, code)));
        } catch (IOException e) {
            finish(run, 128, "StartError", Optional.of("failed to create containerd task: exec: \"" + argv.getFirst()
                    + "\": " + e.getMessage()));
            return;
        }
        writeStatus(run, PodStatuses.running(run.pod, container.getName(), run.placement, run.startedAt));
        switch (run.behaviour) {
            case NodeBehaviour.OomKilled oom -> later(oom.after(), () -> interrupt(run, false));
            case NodeBehaviour.Crash crash -> later(crash.after(), () -> interrupt(run, false));
            case NodeBehaviour.Evicted evicted -> later(evicted.after(), () -> interrupt(run, true));
            default -> { }
        }
    }

    private void interrupt(PodRun run, boolean graceful) {
        if (run.state != PodRun.State.RUNNING || !run.isActive()) {
            return;
        }
        run.process.ifPresent(process -> {
            if (graceful) {
                process.terminate();
                later(Duration.ofSeconds(gracePeriod(run)), process::kill);
            } else {
                process.kill();
            }
        });
    }

    private void exited(PodRun run, int code) {
        if (run.state != PodRun.State.RUNNING) {
            return;
        }
        if (run.deleting || run.gone) {
            finish(run, code, code == 0 ? "Completed" : "Error", Optional.empty());
            return;
        }
        switch (run.behaviour) {
            case NodeBehaviour.OomKilled ignored -> finish(run, 137, "OOMKilled", Optional.empty());
            case NodeBehaviour.Crash crash -> finish(run, crash.exitCode(), crash.exitCode() == 0 ? "Completed"
                    : "Error", Optional.empty());
            case NodeBehaviour.Evicted evicted -> {
                run.state = PodRun.State.FINISHED;
                run.exitCode = Optional.of(137);
                writeStatus(run, PodStatuses.terminated(run.pod, baseContainer(run).getName(), run.placement,
                        new PodStatuses.Termination(137, "Error", Optional.empty(), run.startedAt, Instant.now(),
                                Optional.of("Evicted"), Optional.of(evicted.message()))));
            }
            default -> finish(run, code, code == 0 ? "Completed" : "Error", Optional.empty());
        }
    }

    private void finish(PodRun run, int code, String reason, Optional<String> message) {
        run.state = PodRun.State.FINISHED;
        run.exitCode = Optional.of(code);
        writeStatus(run, PodStatuses.terminated(run.pod, baseContainer(run).getName(), run.placement,
                new PodStatuses.Termination(code, reason, message, run.startedAt, Instant.now(), Optional.empty(),
                        Optional.empty())));
        if (run.deleting) {
            completeDeletion(run);
        }
    }

    /** The pod got a deletionTimestamp: stop its container (SIGTERM, SIGKILL after the grace), then remove it. */
    private void deleting(PodRun run) {
        if (run.deleting || run.state == PodRun.State.UNSCHEDULABLE) {
            return;
        }
        run.deleting = true;
        publish(run);
        if (run.state == PodRun.State.RUNNING) {
            run.process.ifPresent(process -> {
                process.terminate();
                later(Duration.ofSeconds(deletionGrace(run)), process::kill);
            });
        } else {
            run.state = PodRun.State.FINISHED;
            completeDeletion(run);
        }
    }

    /** The pod object is gone (force-deleted, its namespace removed): kill its container like a kubelet. */
    private void gone(PodRun run) {
        run.gone = true;
        run.pendingStatus = Optional.empty();
        publish(run);
        if (run.state == PodRun.State.RUNNING) {
            run.process.ifPresent(process -> {
                process.terminate();
                later(Duration.ofSeconds(gracePeriod(run)), process::kill);
            });
        }
    }

    private void completeDeletion(PodRun run) {
        if (run.gone) {
            return;
        }
        flushStatus(run);
        try {
            client.pods().inNamespace(run.namespace).withName(run.name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                later(settings.retryInterval(), () -> completeDeletion(run));
            }
        }
    }

    private void writeStatus(PodRun run, PodStatus status) {
        run.pendingStatus = Optional.of(status);
        flushStatus(run);
    }

    /**
     * Writes the newest status not yet written, as one merge patch of {@code status} carrying the pod's uid (a
     * same-named successor pod is never touched); on failure tries again later (the API server may be down).
     */
    private void flushStatus(PodRun run) {
        if (run.pendingStatus.isEmpty() || run.gone) {
            return;
        }
        PodStatus status = run.pendingStatus.get();
        Pod update = new PodBuilder().withNewMetadata().withNamespace(run.namespace).withName(run.name)
                .withUid(run.uid).endMetadata().withStatus(status).build();
        try {
            client.pods().inNamespace(run.namespace).resource(update).patchStatus();
            run.pendingStatus = Optional.empty();
            run.writtenPhase = status.getPhase();
            publish(run);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                run.pendingStatus = Optional.empty();
            } else {
                later(settings.retryInterval(), () -> flushStatus(run));
            }
        }
    }

    /**
     * {@code command} (else the image entrypoint) + {@code args}, with {@code $(VAR)} references expanded, and a
     * leading {@code taskpod} replaced by the configured command.
     */
    private List<String> argv(Container container, Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        List<String> command = Optional.ofNullable(container.getCommand()).orElse(List.of());
        if (command.isEmpty()) {
            argv.addAll(settings.imageEntrypoint());
        }
        command.forEach(arg -> argv.add(ContainerEnvironment.expand(arg, env)));
        Optional.ofNullable(container.getArgs()).orElse(List.of()).forEach(arg ->
                argv.add(ContainerEnvironment.expand(arg, env)));
        if (!argv.isEmpty() && argv.getFirst().equals("taskpod") && !settings.taskpodCommand().isEmpty()) {
            argv.removeFirst();
            argv.addAll(0, settings.taskpodCommand());
        }
        return argv;
    }

    private void publish(PodRun run) {
        records.put(run.uid, run.record());
    }

    private static Container baseContainer(PodRun run) {
        List<Container> containers = run.pod.getSpec().getContainers();
        return containers.stream().filter(c -> c.getName().equals("base")).findFirst()
                .orElse(containers.getFirst());
    }

    private static long gracePeriod(PodRun run) {
        return Optional.ofNullable(run.pod.getSpec().getTerminationGracePeriodSeconds())
                .orElse(PodRules.DEFAULT_GRACE_PERIOD_SECONDS);
    }

    private static long deletionGrace(PodRun run) {
        return Optional.ofNullable(run.pod.getMetadata().getDeletionGracePeriodSeconds()).orElse(gracePeriod(run));
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
