package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.launch.PodLauncher;
import io.taskpod.kubernetes.pod.PodBuildResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
 * other threads learned (watch events, lists, launch outcomes), then starts up to
 * {@code worker_pods_creation_batch_size} creates.
 * Outcomes: Succeeded → the state the worker recorded in the database ({@link TaskStateLookup}); Failed, or a
 * Pending pod that cannot start → failed with the pod's reason, also appended to the task's log; the worker refused
 * the try → dropped without an event; the pod moved to another scheduler or was labelled done → forgotten.
 *
 * <p><b>Roles.</b> This class is the {@link BaseExecutor} facade; the work is done by small roles
 * ({@link ExecutorParts}) around the store of tracked pods ({@link TrackedPods}, which hands out immutable snapshots):
 * two snapshot sources, the watchers ({@link PodWatchers}) and the periodic lists ({@link PodPoller}); the
 * {@link PodLauncher}; the {@link SignalRouter}, which hands what they learned to the lifecycle manager
 * ({@link PodObserver}), to {@link LaunchOutcomes}, the {@link NotLaunchedCheck} and the {@link CompletedPodSweep};
 * {@link LaunchedPodAdoption}; the {@link PodCleaner}. Together they are what Airflow calls
 * {@code AirflowKubernetesScheduler} ({@code run_next}, the watchers and their health check, {@code sync} of the
 * watcher queue, {@code delete_pod}); unlike it they are not one object with a process and a multiprocessing queue
 * of their own, and nothing of them but the inbox is seen by other threads.
 *
 * <p><b>Threads.</b> Only the scheduler thread touches executor state. Watchers, create threads, cleanup threads
 * and the list thread ({@link ExecutorThreads}) report through the {@link ExecutorInbox}: the launcher settles the
 * creates that returned and posts their outcomes there too, so every result flows one way, into the inbox. The ports
 * ({@link TaskStateLookup}, {@link ResourceVersionStore}) and the task log are only called on the scheduler thread.
 *
 * <p><b>Recovery.</b> {@link #start()} resumes each watch from its stored resourceVersion (or lists); a periodic
 * reconcile (every {@code worker_pods_reconcile_interval}) lists this scheduler's pods and settles what the watch
 * missed; {@link #tryAdoptTaskInstances} takes over pods of an earlier run of this scheduler and of dead schedulers
 * (see there); pods of dead schedulers that nobody adopts are swept every {@code orphaned_tasks_check_interval}
 * ({@link KubernetesExecutorBuilder#deadSchedulerSweepInterval}).
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
    private final ExecutorInbox inbox = new ExecutorInbox(this::eventsPending);
    private final ExecutorParts parts;
    private final Optional<KubernetesClient> ownedClient;
    private boolean started;
    private boolean ended;

    KubernetesExecutor(KubernetesExecutorBuilder builder, KubernetesApi api) {
        super(NAME, builder.parallelism);
        this.settings = builder.settings;
        this.schedulerId = builder.schedulerId;
        this.logFiles = builder.logFiles;
        this.clock = builder.clock;
        this.registry = builder.registry;
        this.ownedClient = builder.ownsClient ? Optional.of(builder.client) : Optional.empty();
        this.parts = new ExecutorParts(builder, api, inbox, new Reports());
    }

    public static KubernetesExecutorBuilder builder() {
        return new KubernetesExecutorBuilder();
    }

    /** The scheduler id whose pods this executor launches, watches and cleans up. */
    public String schedulerId() {
        return schedulerId;
    }

    /**
     * Registers the base {@code executor.*} gauges and the launch gauges. The scheduler calls this for a
     * KubernetesExecutor it runs directly; a LocalKubernetesExecutor registers per-side gauges instead, so
     * {@link #start()} registers only the launch gauges, which no other executor has.
     */
    @Override
    public void bindMetrics(MeterRegistry meterRegistry) {
        super.bindMetrics(meterRegistry);
        parts.launchGauges.bind(meterRegistry);
    }

    /** Starts the watches (each from its stored resourceVersion) and the create and cleanup threads. */
    @Override
    public void start() {
        if (started) {
            return;
        }
        started = true;
        settings.startupWarnings().forEach(warning -> log.warn("[kubernetes_executor] {}", warning));
        parts.launchGauges.bind(registry);
        parts.watchers.start(parts.checkpoint.storedVersions(parts.scopes));
        log.info("KubernetesExecutor started for scheduler {}: watching {}", schedulerId, parts.scopes);
    }

    /**
     * Builds the try's pod and queues its create, reporting {@code QUEUED} with {@code namespace/pod-name}; a pod that
     * cannot be built fails the try at once with every problem, naming its field, and no API call is made.
     */
    @Override
    protected void executeAsync(ExecuteTask workload) {
        TaskInstanceKey key = workload.key();
        switch (parts.podFactory.build(workload)) {
            case PodBuildResult.Invalid invalid -> {
                log.warn("{}: {}", key, invalid.reason());
                taskLog(key, invalid.reason());
                fail(key, invalid.reason());
            }
            case PodBuildResult.Built built -> {
                Pod pod = parts.tokens.map(delivery -> delivery.addTo(built.pod())).orElse(built.pod());
                recordEvent(key, TaskState.QUEUED, parts.launches.launch(key, workload.launchAttempt(), pod).externalId());
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
        parts.checkpoint.persistHandedOver(false);
        parts.cleanups.runStored(parts.cleaner);
        if (started && !ended) {
            parts.watchers.checkLiveness();
            parts.poller.pollIfDue(now);
        }
        parts.tracked.prune();
        applySignals();
        if (!ended) {
            parts.launcher.startCreates(settings.launch().creationBatchSize());
        }
        parts.launchGauges.record(parts.launcher.waitingCount(), parts.launcher.inFlightCount());
    }

    /** The events drained now carry the outcomes of every signal applied so far (see {@link #eventsStored}). */
    @Override
    public List<ExecutorEvent> drainEvents() {
        List<ExecutorEvent> events = super.drainEvents();
        parts.checkpoint.drained();
        parts.cleanups.drained();
        return events;
    }

    /**
     * The scheduler stored every event drained so far: the next sync saves the watch positions past them and carries
     * out the pod cleanups they explain (delete, or label done).
     */
    @Override
    public void eventsStored() {
        parts.checkpoint.stored();
        parts.cleanups.stored();
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
        Optional<Duration> creates = parts.launcher.nextCreateDueIn();
        if (queued.isEmpty()) {
            return creates;
        }
        return creates.filter(wait -> wait.compareTo(queued.get()) < 0).or(() -> queued);
    }

    /** Settles the creates that returned, then applies every signal in the order it arrived ({@link SignalRouter}). */
    private void applySignals() {
        parts.launcher.settleReturned();
        parts.signals.applyAll();
    }

    /**
     * Not stuck while the try's create waits for an API server that cannot be reached (an outage of the control
     * plane is not the try's fault; {@code task_publish_outage_timeout} bounds it instead); once such a create went
     * through, the wait counts from the pod's creation; otherwise from when the try was queued.
     */
    @Override
    public Optional<Instant> queuedWaitSince(TaskInstance taskInstance) {
        return parts.launches.queuedWaitSince(taskInstance);
    }

    /**
     * Takes over tries launched by an earlier run of this scheduler or by a dead one (Airflow's
     * {@code try_adopt_task_instances}); returns those it did not adopt ({@link LaunchedPodAdoption#tryAdopt}).
     */
    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        return parts.adoption.tryAdopt(taskInstances);
    }

    /**
     * Airflow's {@code clear_not_launched_queued_tasks}: the task instances this scheduler queued that never got a
     * pod, for the scheduler to put back to scheduled; never calls the API server ({@link NotLaunchedCheck#notLaunched}).
     */
    @Override
    public List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        return parts.notLaunched.notLaunched(queuedTaskInstances);
    }

    /** Stops the try: its pod is labelled revoked (so its events are ignored) and deleted; no event; never throws. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        try {
            parts.launches.revoke(key);
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
        parts.watchers.stop(graceful);
        parts.threads.stopListsAndCreates(graceful, SHUTDOWN_WAIT);
        try {
            parts.checkpoint.persistHandedOver(true);
        } catch (RuntimeException e) {
            log.warn("Could not save the watch resourceVersions: {}; a restart lists again", e.toString());
        }
        parts.cleanups.runStored(parts.cleaner);
        try {
            applySignals();
        } catch (RuntimeException e) {
            log.warn("Could not apply the last pod events: {}; a restart sees them again", e.toString());
        }
        parts.cleanups.discard();
        parts.cleaner.shutdown(graceful ? SHUTDOWN_WAIT : Duration.ZERO);
        ownedClient.ifPresent(KubernetesClient::close);
        log.info("KubernetesExecutor of scheduler {} stopped; {} tracked pod(s) left running, {} launch(es) not started",
                schedulerId, parts.tracked.size(), parts.launcher.waitingCount());
    }

    private void taskLog(TaskInstanceKey key, String message) {
        try {
            logFiles.appendLine(key, LOG_SOURCE, message);
        } catch (RuntimeException e) {
            log.warn("{}: could not write to the task log: {}", key, e.toString());
        }
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
        public void logged(TaskInstanceKey key, String message) {
            taskLog(key, message);
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
}
