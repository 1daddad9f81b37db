package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.DatabaseOutageException;
import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.adoption.PodAdopter;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.cleanup.PodCleanupPolicy;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.launch.LaunchId;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import io.taskpod.kubernetes.launch.PodLauncher;
import io.taskpod.kubernetes.launch.PublishRetryPolicy;
import io.taskpod.kubernetes.launch.TokenBucket;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.reconcile.PodReconciler;
import io.taskpod.kubernetes.reconcile.TrackedPod;
import io.taskpod.kubernetes.status.PodEventType;
import io.taskpod.kubernetes.status.PodStatusClassifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's KubernetesExecutor: every try of a task instance runs in its own pod. Build one with {@link #builder()};
 * the scheduler drives it like any {@link BaseExecutor}, from its single loop thread.
 *
 * <p><b>Data flow.</b> {@link #executeAsync} builds the pod (pure; an invalid executor_config or template fails the
 * try at once, naming the field, without an API call), reports {@code QUEUED} with {@code namespace/pod-name} and
 * queues the create. {@link #sync()} first saves the watch versions and runs the pod cleanups whose events the
 * scheduler has stored (it says so with {@link #eventsStored()}, the contract's handover), then applies what the
 * other threads learned (watch events, lists, create results), then starts up to
 * {@code worker_pods_creation_batch_size} creates.
 * Outcomes: Succeeded → the state the worker recorded in the database ({@link TaskStateLookup}); Failed, or a
 * Pending pod that cannot start → failed with the pod's reason, also appended to the task's log; the worker refused
 * the try → dropped without an event; the pod moved to another scheduler or was labelled done → forgotten.
 *
 * <p><b>Threads.</b> Only the scheduler thread touches executor state. Watchers, create threads, cleanup threads
 * and the list thread ({@link BackgroundWork}) report through the {@link ExecutorInbox}. The ports
 * ({@link TaskStateLookup}, {@link ResourceVersionStore}) and the task log are only called on the scheduler thread.
 *
 * <p><b>Recovery.</b> {@link #start()} resumes each watch from its stored resourceVersion (or lists); a periodic
 * reconcile (every {@code worker_pods_reconcile_interval}) lists this scheduler's pods and settles what the watch
 * missed; {@link #tryAdoptTaskInstances} takes over pods of an earlier run of this scheduler and of dead schedulers
 * (see there); pods of dead schedulers that nobody adopts are swept every {@code orphaned_tasks_check_interval}
 * ({@link Builder#deadSchedulerSweepInterval}).
 * {@link #end()} leaves pods running for the next start to resume.
 */
public final class KubernetesExecutor extends BaseExecutor {

    private static final Logger log = LoggerFactory.getLogger(KubernetesExecutor.class);

    /** The name the executor is configured under. */
    public static final String NAME = "KubernetesExecutor";
    /** The gauge of how long pod creates have found the API server unreachable, in seconds (0: it answers). */
    public static final String API_UNREACHABLE_GAUGE = "kubernetes_executor.api_unreachable_seconds";
    /** Airflow's {@code orphaned_tasks_check_interval} default: how often pods of dead schedulers are swept. */
    public static final Duration DEAD_SCHEDULER_SWEEP_INTERVAL = Duration.ofMinutes(5);
    /** Server-side watch timeout when {@code kube_client_request_args} sets no {@code timeout_seconds}. */
    public static final Duration DEFAULT_WATCH_SERVER_TIMEOUT = Duration.ofMinutes(5);
    /** A watch silent for its server timeout plus this is dead: the server would have ended it. */
    static final Duration SILENCE_GRACE = Duration.ofSeconds(30);
    /** How long {@link #end()} waits for creates in flight and for cleanups. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    private static final String LOG_SOURCE = "kubernetes";

    private final KubernetesExecutorSettings settings;
    private final String schedulerId;
    private final TaskLogFiles logFiles;
    private final Clock clock;
    private final MeterRegistry registry;
    private final PodTemplateLoader templates = new PodTemplateLoader();
    private final PodFactory podFactory;
    private final Optional<TryTokenDelivery> tokens;
    private final ExecutorInbox inbox = new ExecutorInbox(this::eventsPending);
    private final VersionCheckpoint checkpoint;
    private final List<PodScope> scopes;
    private final BackgroundWork background;
    private final PodLauncher launcher;
    private final PodCleaner cleaner;
    private final TrackedPods tracked;
    private final UnreachableCreatesLog createsLog;
    private final DeferredCleanups cleanups;
    private final PodObserver observer;
    private final PodAdoptions adoptions;
    private final KubernetesExecutorMetrics metrics;
    private final Duration sweepInterval;
    private final AtomicInteger waitingCreates = new AtomicInteger();
    private final AtomicInteger createsInFlight = new AtomicInteger();
    private final Optional<KubernetesClient> ownedClient;
    private final Set<MeterRegistry> launchGaugeRegistries = Collections.newSetFromMap(new IdentityHashMap<>());
    private Instant nextReconcile = Instant.MIN;
    private Instant nextSweep = Instant.MIN;
    private boolean started;
    private boolean ended;

    private KubernetesExecutor(Builder builder, KubernetesApi api) {
        super(NAME, builder.parallelism);
        this.settings = builder.settings;
        this.schedulerId = builder.schedulerId;
        this.logFiles = builder.logFiles;
        this.clock = builder.clock;
        this.registry = builder.registry;
        this.ownedClient = builder.ownsClient ? Optional.of(builder.client) : Optional.empty();
        this.sweepInterval = builder.sweepInterval;
        this.metrics = new KubernetesExecutorMetrics(registry);
        this.podFactory = new PodFactory(settings, schedulerId, templates);
        this.tokens = builder.tokens;
        this.scopes = PodScope.of(settings.watchScope());
        PodAdopter adopter = new PodAdopter(api, scopes, schedulerId, clock);
        this.checkpoint = new VersionCheckpoint(builder.resourceVersions, schedulerId, clock);
        this.background = new BackgroundWork(scopes, schedulerId, api, inbox, clock,
                watchServerTimeout(settings).plus(SILENCE_GRACE), settings.launch().maxConcurrentCreates(), adopter,
                metrics);
        TokenBucket bucket = new TokenBucket(settings.launch().apiQps(), settings.launch().apiBurst(), () -> nanos(clock));
        this.launcher = new PodLauncher(api, background.createThreads(), settings.launch().maxConcurrentCreates(), bucket,
                PublishRetryPolicy.from(settings.launch(), builder.random), clock,
                result -> inbox.add(new Signal.Created(result)), metrics, builder.tokens);
        this.cleaner = new PodCleaner(api, settings.deleteOptions(), background.cleanupThreads(), metrics);
        this.tracked = new TrackedPods(clock);
        this.createsLog = new UnreachableCreatesLog(clock);
        this.cleanups = new DeferredCleanups(new PodCleanupPolicy(settings.deleteWorkerPods(),
                settings.deleteWorkerPodsOnFailure()));
        Reports reports = new Reports();
        this.observer = new PodObserver(schedulerId, PodStatusClassifier.from(settings, schedulerId),
                new PodReconciler(settings.timings().launchGracePeriod()), builder.taskStates, tracked, reports, cleanups,
                clock, metrics);
        this.adoptions = new PodAdoptions(schedulerId, scopes, adopter, builder.taskStates, tracked, reports, inbox,
                background, cleaner, cleanups, metrics);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The scheduler id whose pods this executor launches, watches and cleans up. */
    public String schedulerId() {
        return schedulerId;
    }

    /** Airflow's {@code get_base_pod_from_template}: the task's template file, else the global one, read and checked. */
    public PodBuildResult getBasePodFromTemplate(Optional<Path> taskTemplate) {
        return taskTemplate.or(settings::podTemplateFile).map(templates::getBasePodFromTemplate)
                .orElseGet(() -> new PodBuildResult.Built(new Pod()));
    }

    /**
     * Registers the base {@code executor.*} gauges and the launch gauges. The scheduler calls this for a
     * KubernetesExecutor it runs directly; a LocalKubernetesExecutor registers per-side gauges instead, so
     * {@link #start()} registers only the launch gauges, which no other executor has.
     */
    @Override
    public void bindMetrics(MeterRegistry meterRegistry) {
        super.bindMetrics(meterRegistry);
        bindLaunchGauges(meterRegistry);
    }

    private void bindLaunchGauges(MeterRegistry meterRegistry) {
        if (!launchGaugeRegistries.add(meterRegistry)) {
            return;
        }
        Gauge.builder("kubernetes_executor.pods_waiting_for_create", waitingCreates, AtomicInteger::get)
                .description("Pods queued for a create that has not started (rate limit, create slots, retry delay)")
                .register(meterRegistry);
        Gauge.builder("kubernetes_executor.pod_creates_in_flight", createsInFlight, AtomicInteger::get)
                .register(meterRegistry);
        Gauge.builder(API_UNREACHABLE_GAUGE, createsLog, UnreachableCreatesLog::unreachableSeconds)
                .description("Seconds the API server has been unreachable for pod creates; 0 while it answers")
                .register(meterRegistry);
    }

    /** Starts the watches (each from its stored resourceVersion) and the create and cleanup threads. */
    @Override
    public void start() {
        if (started) {
            return;
        }
        started = true;
        settings.startupWarnings().forEach(warning -> log.warn("[kubernetes_executor] {}", warning));
        bindLaunchGauges(registry);
        Map<PodScope, Optional<String>> stored = new LinkedHashMap<>();
        scopes.forEach(scope -> stored.put(scope, checkpoint.stored(scope)));
        background.startWatchers(stored);
        Instant now = clock.instant();
        nextReconcile = now;
        nextSweep = now;
        log.info("KubernetesExecutor started for scheduler {}: watching {}", schedulerId, scopes);
    }

    /**
     * Builds the try's pod and queues its create, reporting {@code QUEUED} with {@code namespace/pod-name}; a pod that
     * cannot be built fails the try at once with every problem, naming its field, and no API call is made.
     */
    @Override
    protected void executeAsync(ExecuteTask workload) {
        TaskInstanceKey key = workload.key();
        switch (podFactory.build(workload)) {
            case PodBuildResult.Invalid invalid -> {
                log.warn("{}: {}", key, invalid.reason());
                taskLog(key, invalid.reason());
                fail(key, invalid.reason());
            }
            case PodBuildResult.Built built -> {
                Pod pod = tokens.map(delivery -> delivery.addTo(built.pod())).orElse(built.pod());
                TrackedPod expected = TrackedPod.launching(key, pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), workload.launchAttempt());
                tracked.put(expected);
                recordEvent(key, TaskState.QUEUED, expected.externalId());
                launcher.enqueue(new LaunchId(key, workload.launchAttempt()), pod);
            }
        }
    }

    /**
     * Saves watch versions and runs cleanups of events the scheduler has stored, applies what was learned since, then
     * starts up to {@code worker_pods_creation_batch_size} creates. A database outage while applying (looking up a
     * task's state) leaves the signals not yet applied for the next sync and is rethrown; a signal that fails for any
     * other reason is dropped (see {@link #applySignals}).
     */
    @Override
    public void sync() {
        Instant now = clock.instant();
        checkpoint.persistHandedOver(false);
        cleanups.runStored(cleaner);
        if (started && !ended) {
            background.checkWatchLiveness();
            requestListsIfDue(now);
        }
        tracked.prune();
        applySignals();
        if (!ended) {
            launcher.startCreates(settings.launch().creationBatchSize());
        }
        waitingCreates.set(launcher.waitingCount());
        createsInFlight.set(launcher.inFlightCount());
    }

    /** The events drained now carry the outcomes of every signal applied so far (see {@link #eventsStored}). */
    @Override
    public List<ExecutorEvent> drainEvents() {
        List<ExecutorEvent> events = super.drainEvents();
        checkpoint.drained();
        cleanups.drained();
        return events;
    }

    /**
     * The scheduler stored every event drained so far: the next sync saves the watch positions past them and carries
     * out the pod cleanups they explain (delete, or label done).
     */
    @Override
    public void eventsStored() {
        checkpoint.stored();
        cleanups.stored();
    }

    /**
     * Zero while a queued workload has a free slot or a pod create could start now (more creates wait than one
     * heartbeat's {@code worker_pods_creation_batch_size}); else the wait for the rate limiter, a create slot or a
     * create retry; empty when no launch waits. The scheduler loop sleeps no longer than this, so a large queue
     * drains at {@code api_qps} instead of one batch per {@code scheduler_idle_sleep_time}.
     */
    @Override
    public Optional<Duration> backlogDueIn() {
        if (!started || ended) {
            return Optional.empty();
        }
        Optional<Duration> queued = super.backlogDueIn();
        Optional<Duration> creates = launcher.nextCreateDueIn();
        if (queued.isEmpty()) {
            return creates;
        }
        return creates.filter(wait -> wait.compareTo(queued.get()) < 0).or(() -> queued);
    }

    private void requestListsIfDue(Instant now) {
        if (now.isBefore(nextReconcile)) {
            return;
        }
        boolean sweep = !now.isBefore(nextSweep);
        if (background.requestLists(sweep)) {
            nextReconcile = now.plus(settings.timings().reconcileInterval());
            if (sweep) {
                nextSweep = now.plus(sweepInterval);
            }
        }
    }

    /**
     * Applies every signal in the order it arrived. A database outage (a {@link DatabaseOutageException} from a port)
     * puts the signals not yet applied back, first in line, and is rethrown: the scheduler backs off and the next sync
     * applies them. Any other failure is a fault of that one signal: it is logged with what it was about, counted in
     * {@code kubernetes_executor.signal_failures} and dropped, so it cannot hold up every later create and pod event
     * (a dropped pod event is seen again by the next reconcile, which lists the pod).
     */
    private void applySignals() {
        Deque<Signal> signals = inbox.drain();
        while (!signals.isEmpty()) {
            Signal signal = signals.peekFirst();
            try {
                apply(signal);
            } catch (RuntimeException e) {
                if (DatabaseOutageException.isOutage(e)) {
                    inbox.putBack(signals);
                    throw e;
                }
                metrics.signalFailure(signal.kind());
                log.error("{}: could not apply a {} signal; dropped it (the next reconcile looks at the pod again)",
                        signal.about(), signal.kind(), e);
            }
            signals.pollFirst();
        }
    }

    private void apply(Signal signal) {
        switch (signal) {
            case Signal.WatchEvent event -> {
                observer.observe(event.type(), event.pod());
                checkpoint.applied(event.scope(), event.pod().getMetadata().getResourceVersion());
            }
            case Signal.Bookmark bookmark -> checkpoint.applied(bookmark.scope(), bookmark.resourceVersion());
            case Signal.Listed listed -> {
                observer.reconcile(listed.snapshot());
                if (listed.watchRelist()) {
                    checkpoint.applied(listed.snapshot().scope(), listed.snapshot().resourceVersion());
                }
            }
            case Signal.Created created -> onLaunch(launcher.onResult(created.result()));
            case Signal.Adopted adopted -> observer.observe(PodEventType.LISTED, adopted.pod());
            case Signal.OwnPodsListed listed -> adoptions.ownPodsListed(listed);
            case Signal.WorkerPodsListed listed -> adoptions.sweepDeadSchedulersPods(listed.pods());
            case Signal.ListFailed failed -> log.warn("{} failed: {}; trying again at the next reconcile", failed.what(),
                    failed.error());
        }
    }

    private void onLaunch(LaunchOutcome outcome) {
        TaskInstanceKey key = outcome.key();
        Optional<TrackedPod> expected = tracked.get(key)
                .filter(pod -> pod.launchAttempt() == outcome.launch().launchAttempt());
        switch (outcome) {
            case LaunchOutcome.Launched launched -> {
                createsLog.launched();
                Instant now = clock.instant();
                expected.filter(pod -> pod.podName().equals(launched.pod().getMetadata().getName()))
                        .ifPresent(pod -> tracked.put(launched.afterOutage() ? pod.createdAfterOutage(now)
                                : pod.createdBy(now)));
            }
            case LaunchOutcome.Requeued requeued -> {
                if (createsLog.requeued(key, requeued, launcher.waitingCount() + launcher.inFlightCount())) {
                    taskLog(key, "waiting for its pod: the Kubernetes API server cannot be reached (" + requeued.reason()
                            + "); the pod create is retried until it answers");
                }
            }
            case LaunchOutcome.Failed failed -> expected.ifPresent(pod -> {
                log.warn("{}: {}", key, failed.message());
                tracked.finished(pod);
                taskLog(key, failed.message());
                fail(key, failed.message());
            });
            case LaunchOutcome.CancelledWhileCreating cancelled -> {
                metrics.revokedCreate(cancelled.created().isPresent() ? "deleted" : "not_created");
                cancelled.created().ifPresent(pod -> cleaner.submit(new PodCleanup(pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), CleanupAction.REVOKE, "revoked while its create was in flight")));
            }
            case LaunchOutcome.Unexpected unexpected -> log.warn("{}: a pod create {}, but no create of this launch"
                    + " was in flight; dropped (the reconcile settles its pod)", unexpected.launch(), unexpected.what());
        }
    }

    /**
     * Not stuck while the try's create waits for an API server that cannot be reached (an outage of the control
     * plane is not the try's fault; {@code task_publish_outage_timeout} bounds it instead); once such a create went
     * through, the wait counts from the pod's creation; otherwise from when the try was queued.
     */
    @Override
    public Optional<Instant> queuedWaitSince(TaskInstance taskInstance) {
        TaskInstanceKey key = taskInstance.key();
        if (launcher.heldByOutage(key)) {
            return Optional.empty();
        }
        Optional<Instant> afterOutage = tracked.get(key)
                .filter(pod -> pod.launchAttempt() == taskInstance.launchAttempt() && pod.launchedAfterOutage())
                .flatMap(TrackedPod::createdAt);
        return afterOutage.map(created -> taskInstance.queuedAt().filter(created::isBefore).orElse(created))
                .or(taskInstance::queuedAt);
    }

    /**
     * Takes over tries launched by an earlier run of this scheduler or by a dead one (Airflow's
     * {@code try_adopt_task_instances}); returns the task instances it did not adopt, for the scheduler to reset.
     * <ul>
     *   <li>queued by this scheduler id: a pod of this scheduler for that exact try and launch → owned again, as it
     *       is (its events arrive through this scheduler's watch);
     *   <li>queued by a scheduler that is not alive ({@link TaskStateLookup#liveSchedulerIds()}): its pod for that
     *       exact try and launch is moved to this scheduler with a resourceVersion precondition
     *       ({@link PodAdopter#relabel}), so when several schedulers adopt at once exactly one wins; a lost race
     *       returns the task instance;
     *   <li>queued by a live sibling, or by no one, or without a pod: returned. Pods of tries not handed in are left
     *       alone; tries this executor already owns are neither adopted again nor returned.
     * </ul>
     * An adopted pod is classified at the next sync, so a try that finished while nobody watched is reported then.
     * Lists and relabels run on the calling (scheduler) thread.
     */
    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        return adoptions.tryAdopt(taskInstances);
    }

    /**
     * Airflow's {@code clear_not_launched_queued_tasks}: of the task instances this scheduler queued, those this
     * executor does not know (not queued here, not launching, not owned) and that have no pod of this scheduler for
     * their launch in a list of its pods that started after they were queued; the scheduler puts them back to
     * scheduled, keeping the try. Task instances of other schedulers are never returned.
     *
     * <p>Never calls the API server, so an API server that accepts connections but does not answer cannot stall the
     * scheduler loop (and its heartbeat): the pods are those of the latest periodic list on the list thread
     * ({@code worker_pods_reconcile_interval}), applied through the inbox. A task instance queued after that list
     * started is not returned yet; a list is requested for a later pass instead. While lists fail, nothing is reset.
     */
    @Override
    public List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        return adoptions.notLaunched(queuedTaskInstances);
    }

    /** Stops the try: its pod is labelled revoked (so its events are ignored) and deleted; no event; never throws. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        try {
            boolean launching = launcher.cancel(key);
            tracked.remove(key).ifPresent(pod -> {
                tracked.remember(pod.podName());
                if (!launching) {
                    cleaner.submit(new PodCleanup(pod.namespace(), pod.podName(), CleanupAction.REVOKE,
                            "revoked by the scheduler"));
                }
            });
        } catch (RuntimeException e) {
            log.warn("{}: revoking failed ({}); the reconcile will clean its pod up", key, e.toString());
        }
        super.revokeTask(key);
    }

    /**
     * Stops watching and launching and leaves every pod running: a restart with the same scheduler id resumes them.
     * Creates in flight finish (up to {@link #SHUTDOWN_WAIT}); versions and cleanups of events the scheduler has
     * stored are saved and carried out; what arrived since is applied for the scheduler's last look at the events,
     * but its versions are not saved and its cleanups not run, so a restart sees it again. Launches not started are
     * dropped: their task instances stay queued and are reset when the scheduler starts again.
     */
    @Override
    public void end() {
        shutdown(true);
    }

    /** Like {@link #end()}, without waiting for creates in flight or cleanups. */
    @Override
    public void terminate() {
        shutdown(false);
    }

    private void shutdown(boolean graceful) {
        if (!started || ended) {
            ownedClient.ifPresent(KubernetesClient::close);
            return;
        }
        ended = true;
        background.stopWatchingAndLaunching(graceful, SHUTDOWN_WAIT);
        try {
            checkpoint.persistHandedOver(true);
        } catch (RuntimeException e) {
            log.warn("Could not save the watch resourceVersions: {}; a restart lists again", e.toString());
        }
        cleanups.runStored(cleaner);
        try {
            applySignals();
        } catch (RuntimeException e) {
            log.warn("Could not apply the last pod events: {}; a restart sees them again", e.toString());
        }
        cleanups.discard();
        cleaner.shutdown(graceful ? SHUTDOWN_WAIT : Duration.ZERO);
        ownedClient.ifPresent(KubernetesClient::close);
        log.info("KubernetesExecutor of scheduler {} stopped; {} tracked pod(s) left running, {} launch(es) not started",
                schedulerId, tracked.size(), launcher.waitingCount());
    }

    private void taskLog(TaskInstanceKey key, String message) {
        try {
            logFiles.appendLine(key, LOG_SOURCE, message);
        } catch (RuntimeException e) {
            log.warn("{}: could not write to the task log: {}", key, e.toString());
        }
    }

    private static Duration watchServerTimeout(KubernetesExecutorSettings settings) {
        return settings.connection().timeouts().watchServerTimeout().orElse(DEFAULT_WATCH_SERVER_TIMEOUT);
    }

    private static long nanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The {@link BaseExecutor} side of the executor, as its collaborators see it. */
    private final class Reports implements TaskReports {
        @Override
        public void finished(TaskInstanceKey key, TaskState state, String info) {
            changeState(key, state, info);
        }

        @Override
        public void failed(TaskInstanceKey key, String reason) {
            taskLog(key, reason);
            fail(key, reason);
        }

        @Override
        public void dropped(TaskInstanceKey key) {
            removeRunning(key);
        }

        @Override
        public void owned(TaskInstanceKey key) {
            addRunning(key);
        }

        @Override
        public boolean knows(TaskInstanceKey key) {
            return hasTask(key);
        }
    }

    /** Builds a {@link KubernetesExecutor}; every setting but the clock, meter registry and random source is required. */
    public static final class Builder {
        private KubernetesExecutorSettings settings;
        private String schedulerId;
        private int parallelism = 32;
        private KubernetesClient client;
        private boolean ownsClient;
        private KubernetesApi api;
        private ResourceVersionStore resourceVersions;
        private TaskStateLookup taskStates;
        private TaskLogFiles logFiles;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry = new SimpleMeterRegistry();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Duration sweepInterval = DEAD_SCHEDULER_SWEEP_INTERVAL;
        private Optional<TryTokenDelivery> tokens = Optional.empty();

        private Builder() {}

        /** {@code [kubernetes_executor]}, read with {@link KubernetesExecutorSettings#from}. */
        public Builder settings(KubernetesExecutorSettings settings) {
            this.settings = settings;
            return this;
        }

        /** This scheduler's stable id (design decision 1): its pods carry it. */
        public Builder schedulerId(String schedulerId) {
            this.schedulerId = schedulerId;
            return this;
        }

        /** {@code [core] parallelism}: the most tries owned at once (0 = unlimited); default 32. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** The fabric8 client ({@code KubernetesClientFactory}); the caller closes it after {@link #end()}. */
        public Builder client(KubernetesClient client) {
            this.client = client;
            this.ownsClient = false;
            return this;
        }

        /** Like {@link #client}, and the executor closes the client once it has ended ({@link #end()}, {@link #terminate()}). */
        public Builder ownedClient(KubernetesClient client) {
            this.client = client;
            this.ownsClient = true;
            return this;
        }

        /** Another implementation of the API seam instead of {@link #client} (tests, fault injection). */
        public Builder api(KubernetesApi api) {
            this.api = api;
            return this;
        }

        public Builder resourceVersions(ResourceVersionStore resourceVersions) {
            this.resourceVersions = resourceVersions;
            return this;
        }

        public Builder taskStates(TaskStateLookup taskStates) {
            this.taskStates = taskStates;
            return this;
        }

        /** Where failure reasons are appended to the task's log. */
        public Builder logFiles(TaskLogFiles logFiles) {
            this.logFiles = logFiles;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * How often the pods of dead schedulers that nobody adopts are swept (Airflow adopts completed pods in every
         * adoption pass): {@code [scheduler] orphaned_tasks_check_interval}; default 5 minutes, Airflow's.
         */
        public Builder deadSchedulerSweepInterval(Duration interval) {
            this.sweepInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Gives every pod the execution API's URL and a per-try token in a Secret of its own ({@link TryTokenDelivery}),
         * so its worker needs no database settings; without it, pods get neither (the worker then needs the database).
         */
        public Builder tryTokens(TryTokenDelivery delivery) {
            this.tokens = Optional.of(delivery);
            return this;
        }

        /** The source of the create retries' jitter. */
        public Builder random(RandomGenerator random) {
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
                    : new Fabric8KubernetesApi(client, watchServerTimeout(settings));
            return new KubernetesExecutor(this, resolved);
        }
    }
}
