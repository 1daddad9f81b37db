package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Builds a {@link KubernetesExecutor}; every setting but the clock, meter registry and random source is required. */
public final class KubernetesExecutorBuilder {
    KubernetesExecutorSettings settings;
    String schedulerId;
    int parallelism = 32;
    KubernetesClient client;
    boolean ownsClient;
    KubernetesApi api;
    ResourceVersionStore resourceVersions;
    TaskStateLookup taskStates;
    TaskLogFiles logFiles;
    Clock clock = Clock.systemUTC();
    MeterRegistry registry = new SimpleMeterRegistry();
    RandomGenerator random = RandomGenerator.getDefault();
    Duration sweepInterval = KubernetesExecutor.DEAD_SCHEDULER_SWEEP_INTERVAL;
    Optional<TryTokenDelivery> tokens = Optional.empty();

    KubernetesExecutorBuilder() {}

    /** {@code [kubernetes_executor]}, read with {@link KubernetesExecutorSettings#from}. */
    public KubernetesExecutorBuilder settings(KubernetesExecutorSettings settings) {
        this.settings = settings;
        return this;
    }

    /** This scheduler's stable id (design decision 1): its pods carry it. */
    public KubernetesExecutorBuilder schedulerId(String schedulerId) {
        this.schedulerId = schedulerId;
        return this;
    }

    /** {@code [core] parallelism}: the most tries owned at once (0 = unlimited); default 32. */
    public KubernetesExecutorBuilder parallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** The fabric8 client ({@code KubernetesClientFactory}); the caller closes it after {@link KubernetesExecutor#end()}. */
    public KubernetesExecutorBuilder client(KubernetesClient client) {
        this.client = client;
        this.ownsClient = false;
        return this;
    }

    /** Like {@link #client}, and the executor closes the client once it has ended ({@link KubernetesExecutor#end()}, {@link KubernetesExecutor#terminate()}). */
    public KubernetesExecutorBuilder ownedClient(KubernetesClient client) {
        this.client = client;
        this.ownsClient = true;
        return this;
    }

    /** Another implementation of the API seam instead of {@link #client} (tests, fault injection). */
    public KubernetesExecutorBuilder api(KubernetesApi api) {
        this.api = api;
        return this;
    }

    public KubernetesExecutorBuilder resourceVersions(ResourceVersionStore resourceVersions) {
        this.resourceVersions = resourceVersions;
        return this;
    }

    public KubernetesExecutorBuilder taskStates(TaskStateLookup taskStates) {
        this.taskStates = taskStates;
        return this;
    }

    /** Where failure reasons are appended to the task's log. */
    public KubernetesExecutorBuilder logFiles(TaskLogFiles logFiles) {
        this.logFiles = logFiles;
        return this;
    }

    public KubernetesExecutorBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public KubernetesExecutorBuilder meterRegistry(MeterRegistry registry) {
        this.registry = registry;
        return this;
    }

    /**
     * How often the pods of dead schedulers that nobody adopts are swept (Airflow adopts completed pods in every
     * adoption pass): {@code [scheduler] orphaned_tasks_check_interval}; default 5 minutes, Airflow's.
     */
    public KubernetesExecutorBuilder deadSchedulerSweepInterval(Duration interval) {
        this.sweepInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /**
     * Gives every pod the execution API's URL and a per-try token in a Secret of its own ({@link TryTokenDelivery}),
     * so its worker needs no database settings; without it, pods get neither (the worker then needs the database).
     */
    public KubernetesExecutorBuilder tryTokens(TryTokenDelivery delivery) {
        this.tokens = Optional.of(delivery);
        return this;
    }

    /** The source of the create retries' jitter. */
    public KubernetesExecutorBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    public KubernetesExecutor build() {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(schedulerId, "schedulerId");
        Objects.requireNonNull(resourceVersions, "resourceVersions");
        Objects.requireNonNull(taskStates, "taskStates");
        Objects.requireNonNull(logFiles, "logFiles");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "meterRegistry");
        Objects.requireNonNull(random, "random");
        if (schedulerId.isBlank()) {
            throw new IllegalArgumentException("schedulerId must not be blank");
        }
        if ((client == null) == (api == null)) {
            throw new IllegalArgumentException("set exactly one of client and api");
        }
        KubernetesApi resolved = api != null ? api
                : new Fabric8KubernetesApi(client, ExecutorParts.watchServerTimeout(settings));
        return new KubernetesExecutor(this, resolved);
    }
}
