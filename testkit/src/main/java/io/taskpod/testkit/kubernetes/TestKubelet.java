package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A node for tests: watches pods on a {@link TestKubernetesApiServer} through the fabric8 client and acts like a
 * kubelet. It binds each new pod to itself (several kubelets race through the binding subresource, so a pod runs
 * on exactly one node), reports {@code Pending}/{@code ContainerCreating}, runs the {@code base} container's
 * {@code command} + {@code args} as a local process with the container's resolved environment, reports
 * {@code Running} and finally {@code Succeeded}/{@code Failed} with the exit code. The process's output goes to a
 * log file per pod ({@link #logsOf}, also served by the API server's {@code pods/log}).
 *
 * <p>Scripts ({@link #script}) give chosen pods a {@link NodeBehaviour}: image pull failure, unschedulable,
 * OOM kill, eviction, crash, delayed start. {@link #pause()} takes the node off the API (no status, no new pods,
 * deletions wait; processes keep running) until {@link #resume()}. A pod being deleted gets SIGTERM, SIGKILL after
 * its grace period, then the kubelet removes it, as a real one finishes a graceful deletion; a pod that vanishes
 * has its process killed.
 *
 * <p>Fidelity limits: every restart policy behaves like {@code Never} (a finished container ends the pod); only
 * the {@code base} container (or the first) runs, other containers are reported alongside it and init containers
 * as completed; every image has the same entrypoint ({@link Builder#imageEntrypoint}, {@code taskpod} by default),
 * used when a container sets no {@code command}; probes, volumes and resource limits are not modelled; no Node
 * object is registered.
 */
public final class TestKubelet implements AutoCloseable {

    /** The {@code User-Agent} prefix of every kubelet's requests, so request counts can leave them out. */
    public static final String USER_AGENT_PREFIX = "taskpod-test-kubelet/";

    private final TestKubernetesApiServer server;
    private final String node;
    private final List<String> namespaces;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final PodScripts scripts = new PodScripts();
    private final Map<String, PodRecord> records = Collections.synchronizedMap(new LinkedHashMap<>());
    private final KubeletLoop loop;
    private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

    private TestKubelet(Builder builder) {
        this.server = builder.server;
        this.node = builder.node;
        this.namespaces = List.copyOf(builder.namespaces);
        this.ownsWorkDir = builder.workDir.isEmpty();
        this.workDir = builder.workDir.orElseGet(TestKubelet::temporaryWorkDir);
        this.client = new KubernetesClientBuilder().withConfig(server.clientConfig()
                .withUserAgent(USER_AGENT_PREFIX + node)
                .withRequestRetryBackoffLimit(2)
                .build()).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "test-kubelet-" + node);
            thread.setDaemon(true);
            return thread;
        });
        Map<String, String> environment = new LinkedHashMap<>();
        builder.hostEnvironment.forEach(name -> Optional.ofNullable(System.getenv(name))
                .ifPresent(value -> environment.put(name, value)));
        environment.putAll(builder.environment);
        this.loop = new KubeletLoop(client, new KubeletLoop.Settings(node, builder.imageEntrypoint,
                builder.taskpodCommand, workDir, environment, builder.retryInterval, "127.0.0.1"), scripts, executor,
                this::cached, records);
    }

    /** A kubelet for pods on {@code server}; configure, then {@link Builder#start()}. */
    public static Builder builder(TestKubernetesApiServer server) {
        return new Builder(server);
    }

    private TestKubelet start() {
        server.addLogSource(this::logs);
        ResourceEventHandler<Pod> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                sync(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                sync(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                sync(pod);
            }
        };
        if (namespaces.isEmpty()) {
            informers.add(client.pods().inAnyNamespace().inform(handler, 0));
        } else {
            namespaces.forEach(namespace -> informers.add(client.pods().inNamespace(namespace).inform(handler, 0)));
        }
        return this;
    }

    /**
     * Gives the pods matching {@code which} (at the moment the kubelet first sees them) {@code behaviour};
     * scripts are consulted in the order added, the first match wins, unmatched pods {@link NodeBehaviour.Run run}.
     */
    public TestKubelet script(Predicate<Pod> which, NodeBehaviour behaviour) {
        scripts.add(which, behaviour, Integer.MAX_VALUE);
        return this;
    }

    /** Like {@link #script(Predicate, NodeBehaviour)}, for the first {@code times} matching pods only. */
    public TestKubelet script(Predicate<Pod> which, NodeBehaviour behaviour, int times) {
        scripts.add(which, behaviour, times);
        return this;
    }

    /** Node down: no status updates, no new pods, deletions wait; running processes go on. */
    public void pause() {
        loop.pause();
    }

    /** Node back: everything that waited is done in order, then every known pod is looked at again. */
    public void resume() {
        loop.resume(informers.stream().flatMap(informer -> informer.getStore().listKeys().stream()).toList());
    }

    public String nodeName() {
        return node;
    }

    /** The output of the pod's container so far ("" when it never ran here); the newest pod of that name. */
    public String logsOf(String namespace, String pod) {
        return logs(namespace, pod).orElse("");
    }

    /** Every pod this kubelet took on, in the order it took them. */
    public List<PodRecord> pods() {
        synchronized (records) {
            return List.copyOf(records.values());
        }
    }

    /** How many container processes this kubelet started. */
    public int processesLaunched() {
        return loop.processesLaunched();
    }

    /**
     * Pods whose process was launched, counted by the values of the given annotation (or label) keys, e.g.
     * {@code startedPodsBy("taskpod.io/task-id", "taskpod.io/try-number")} → {@code {[t1, 1]=1, [t1, 2]=1}}.
     */
    public Map<List<String>, Long> startedPodsBy(String... keys) {
        return pods().stream().filter(PodRecord::processLaunched)
                .collect(Collectors.groupingBy(record -> Arrays.stream(keys).map(record::identity)
                        .toList(), LinkedHashMap::new, Collectors.counting()));
    }

    /** The last phase this kubelet wrote for a pod, if it took the pod on. */
    public Optional<String> phaseOf(String namespace, String pod) {
        return newest(namespace, pod).map(PodRecord::phase);
    }

    /** Stops watching and kills every container process still running. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        try {
            executor.submit(loop::killAll).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        client.close();
        if (ownsWorkDir) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sync(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        loop.submit(() -> loop.sync(key));
    }

    private Optional<Pod> cached(String key) {
        return informers.stream().map(informer -> informer.getStore().getByKey(key))
                .filter(Objects::nonNull).findFirst();
    }

    private Optional<String> logs(String namespace, String pod) {
        return newest(namespace, pod).filter(PodRecord::processLaunched).map(record -> {
            try {
                Path file = logFile(record);
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Path logFile(PodRecord record) {
        return workDir.resolve("logs").resolve(record.namespace() + "_" + record.name() + "_" + record.uid()
                + ".log");
    }

    private Optional<PodRecord> newest(String namespace, String pod) {
        return pods().reversed().stream()
                .filter(record -> record.namespace().equals(namespace) && record.name().equals(pod)).findFirst();
    }

    private static Path temporaryWorkDir() {
        try {
            return Files.createTempDirectory("test-kubelet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings of a {@link TestKubelet}. */
    public static final class Builder {
        private final TestKubernetesApiServer server;
        private String node = "node-1";
        private final List<String> namespaces = new ArrayList<>();
        private List<String> imageEntrypoint = List.of("taskpod");
        private List<String> taskpodCommand = List.of();
        private Optional<Path> workDir = Optional.empty();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> hostEnvironment = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "LC_ALL", "TMPDIR",
                "USER");
        private Duration retryInterval = Duration.ofMillis(500);

        private Builder(TestKubernetesApiServer server) {
            this.server = server;
        }

        /** The node's name, also its binding target and its requests' User-Agent suffix; default {@code node-1}. */
        public Builder nodeName(String name) {
            this.node = name;
            return this;
        }

        /** Watch only these namespaces; by default all. */
        public Builder namespaces(String... names) {
            namespaces.addAll(List.of(names));
            return this;
        }

        /**
         * The entrypoint of every image: what runs, followed by {@code args}, when a container sets no
         * {@code command}; {@code [taskpod]} by default (the taskpod image's entrypoint), empty to run the
         * {@code args} as they are.
         */
        public Builder imageEntrypoint(List<String> entrypoint) {
            this.imageEntrypoint = List.copyOf(entrypoint);
            return this;
        }

        /**
         * What replaces an {@code argv[0]} of {@code taskpod}, e.g.
         * {@code [java, -cp, CLASSPATH, io.taskpod.app.Taskpod]}; other programs run as they are.
         */
        public Builder taskpodCommand(List<String> prefix) {
            this.taskpodCommand = List.copyOf(prefix);
            return this;
        }

        /**
         * Where pod working directories and logs go; by default a fresh temporary directory, deleted on
         * {@link TestKubelet#close()} (give one to keep the logs).
         */
        public Builder workDir(Path directory) {
            this.workDir = Optional.of(directory);
            return this;
        }

        /** Environment variables every container gets before its own (the node's environment). */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** An environment variable every container gets before its own (the node's environment). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Host variables passed to containers; PATH, HOME, JAVA_HOME, LANG, LC_ALL, TMPDIR, USER by default. */
        public Builder hostEnvironment(String... names) {
            this.hostEnvironment = List.of(names);
            return this;
        }

        /** How long to wait before retrying a failed API call; 500 ms by default. */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = interval;
            return this;
        }

        public TestKubelet start() {
            return new TestKubelet(this).start();
        }
    }
}
