package io.taskpod.app.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.store.StoreException;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.scheduler.SchedulerState;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler loop (Airflow's {@code SchedulerJobRunner._run_scheduler_loop}), one iteration per
 * {@link #runOnce()}: make sure the scheduler id is still ours; heartbeat the scheduler row; re-read the DAGs when
 * due; create due scheduled runs; stop the tries users took away by hand; start queued runs, schedule due retries, resolve dependencies and finish runs;
 * queue ready task instances through the critical section and hand them to their executors; heartbeat every
 * executor; apply executor events; and, on their timers, fail zombies, requeue or fail task instances stuck in
 * queued, put back task instances queued but never launched, and adopt or reset task instances of dead schedulers.
 *
 * <p>{@link #run(BooleanSupplier)} repeats that until stopped. A database outage never ends it: it is logged once,
 * and the loop backs off and tries again. Any other error in an iteration is logged and the loop goes on. Only a
 * scheduler id taken by another live process ({@link SchedulerIdTakenException}) or a configuration error (an
 * executor that cannot start) ends the loop: neither goes away by retrying. On stop it ends the executors, applies
 * their last events, and marks its row stopped.
 */
public final class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(30);

    private final SchedulerSettings settings;
    private final ExecutorRouter router;
    private final Clock clock;
    private final RunScope scope;
    private final SchedulerIdGuard idGuard;
    private final SchedulerRepository schedulers;
    private final DagBagRefresher dags;
    private final Optional<ScheduledRunCreator> runCreator;
    private final DagRunProcessor runProcessor;
    private final TaskQueuer queuer;
    private final ExecutorEventProcessor events;
    private final StuckQueuedHandler stuckQueued;
    private final ZombieHandler zombies;
    private final NotLaunchedClearer notLaunched;
    private final StopRequestHandler stopRequests;
    private final Optional<OrphanAdopter> adopter;
    private final SchedulerMetrics metrics;
    private final IntervalTimer heartbeatTimer;
    private final IntervalTimer stuckTimer;
    private final IntervalTimer zombieTimer;
    private final IntervalTimer orphanTimer;
    private final IntervalTimer notLaunchedTimer;
    private final DatabaseOutage outage;
    private final ExecutorSyncs syncs;
    private final LoopPause pauses = new LoopPause();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private boolean registered;
    private boolean executorsStarted;
    private boolean resumed;

    /**
     * @param scope {@link RunScope#ALL_EXCEPT_TEST} for a normal scheduler (creates scheduled runs, adopts orphans);
     *     a single run for {@code dags test} (does neither)
     */
    public Scheduler(SchedulerSettings settings, SchedulerRepositories store, SchedulerIdLock idLock,
            DagSource dagSource, ExecutorRouter router, TaskLogFiles logs, RunScope scope, Clock clock,
            MeterRegistry registry) {
        this.settings = settings;
        this.router = router;
        this.clock = clock;
        this.scope = scope;
        this.metrics = new SchedulerMetrics(registry);
        this.schedulers = store.schedulers();
        TaskInstanceRepository taskInstances = store.taskInstances();
        DagRunRepository runs = store.runs();
        String id = settings.schedulerId();
        boolean normal = scope instanceof RunScope.AllExceptTest;
        this.idGuard = new SchedulerIdGuard(idLock, schedulers, settings.healthCheckThreshold(), clock);
        this.dags = new DagBagRefresher(dagSource, store.dags(), settings, clock, normal);
        this.runCreator = normal ? Optional.of(new ScheduledRunCreator(store.dags(), runs, id, clock, metrics))
                : Optional.empty();
        RunStates states = new RunStates();
        this.runProcessor = new DagRunProcessor(runs, taskInstances, store.changes(), states, scope, id, clock,
                metrics);
        this.queuer = new TaskQueuer(store.queueing(), states, router, settings, scope, clock, metrics);
        TaskFailureHandler failures = new TaskFailureHandler(taskInstances, logs, id, settings.defaultRetryDelay(), clock);
        this.events = new ExecutorEventProcessor(taskInstances, router, failures, id, metrics);
        this.stuckQueued = new StuckQueuedHandler(taskInstances, router, failures, settings, clock, metrics);
        this.zombies = new ZombieHandler(taskInstances, router, failures, settings, clock, metrics);
        this.notLaunched = new NotLaunchedClearer(taskInstances, router, settings, clock, metrics);
        this.stopRequests = new StopRequestHandler(store.stopRequests(), router, logs, id,
                normal ? Optional.of(settings.taskInstanceHeartbeatTimeout()) : Optional.empty(),
                settings.healthCheckThreshold(), clock, metrics);
        this.adopter = normal
                ? Optional.of(new OrphanAdopter(schedulers, taskInstances, router, store.jdbc(), settings, scope, clock, metrics))
                : Optional.empty();
        this.heartbeatTimer = new IntervalTimer(settings.heartbeatInterval());
        this.stuckTimer = new IntervalTimer(settings.taskQueuedTimeoutCheckInterval());
        this.zombieTimer = new IntervalTimer(settings.zombieCheckInterval());
        this.orphanTimer = new IntervalTimer(settings.orphanedTasksCheckInterval());
        this.notLaunchedTimer = new IntervalTimer(settings.clearNotLaunchedInterval());
        this.outage = new DatabaseOutage(Duration.ofMillis(500), MAX_OUTAGE_BACKOFF);
        this.syncs = new ExecutorSyncs(router.executors(), clock, registry);
        router.executors().forEach(executor -> {
            executor.bindMetrics(registry);
            executor.onEventsPending(pauses::eventsPending);
        });
    }

    public String schedulerId() {
        return settings.schedulerId();
    }

    /** The executors' names, the default first. */
    public List<String> executorNames() {
        return router.names();
    }

    /** The DAGs as last loaded. */
    public DagBag dags() {
        return dags.current();
    }

    /**
     * One loop iteration; returns true when it changed anything (so the next one should follow at once). Database
     * errors propagate as the store's exceptions; {@link #run} turns them into back-off.
     */
    public boolean runOnce() {
        Instant start = clock.instant();
        idGuard.ensureHeld();
        startIfNeeded();
        heartbeatIfDue();
        DagBag bag = dags.refreshIfDue();
        int work = runCreator.map(creator -> creator.createDueRuns(bag)).orElse(0);
        work += stopRequests.handle();
        work += runProcessor.process(bag);
        work += queuer.queue(bag);
        heartbeatExecutors();
        work += events.process(bag);
        Instant now = clock.instant();
        if (zombieTimer.fire(now)) {
            work += zombies.handle(bag);
        }
        if (stuckTimer.fire(now)) {
            work += stuckQueued.handle();
        }
        if (notLaunchedTimer.fire(now)) {
            work += notLaunched.clear();
        }
        if (adopter.isPresent() && orphanTimer.fire(now)) {
            work += adopter.get().adoptOrphans();
        }
        metrics.loop.record(Duration.between(start, clock.instant()));
        return work > 0;
    }

    private void startIfNeeded() {
        if (!registered) {
            schedulers.register(settings.schedulerId(), SchedulerIdentity.hostName(), ProcessHandle.current().pid(),
                    router.names(), clock.instant());
            registered = true;
            log.info("Scheduler {} started with executors {}", settings.schedulerId(), router.names());
        }
        if (!executorsStarted) {
            router.executors().forEach(Executor::start);
            executorsStarted = true;
        }
        if (!resumed) {
            adopter.ifPresent(OrphanAdopter::resumeOwn);
            resumed = true;
        }
    }

    private void heartbeatIfDue() {
        if (!heartbeatTimer.fire(clock.instant())) {
            return;
        }
        Optional<SchedulerState> before = schedulers.heartbeat(settings.schedulerId(), clock.instant());
        if (before.isEmpty()) {
            schedulers.register(settings.schedulerId(), SchedulerIdentity.hostName(), ProcessHandle.current().pid(),
                    router.names(), clock.instant());
        } else if (before.get() == SchedulerState.FAILED) {
            log.warn("Scheduler {} had been declared dead by another scheduler (its heartbeat stopped for more than {}s);"
                    + " task instances it owned may have been adopted elsewhere", settings.schedulerId(),
                    settings.healthCheckThreshold().toSeconds());
        }
    }

    private void heartbeatExecutors() {
        for (Executor executor : router.executors()) {
            try {
                executor.heartbeat();
                syncs.completed(executor);
            } catch (RuntimeException e) {
                if (StoreException.isDatabaseUnavailable(e)) {
                    throw e;
                }
                log.error("Executor {} failed in its heartbeat; continuing", executor.name(), e);
            }
        }
    }

    /** Runs the loop until {@link #stop()} is called; then shuts down. */
    public void run() {
        run(() -> false);
    }

    /**
     * Runs the loop until {@link #stop()} is called or {@code done} returns true after an iteration, then shuts down
     * (ends the executors, marks the row stopped). Throws {@link SchedulerIdTakenException} when the id is taken.
     */
    public void run(BooleanSupplier done) {
        try {
            while (!pauses.stopRequested()) {
                Pause pause = iterate();
                if (done.getAsBoolean()) {
                    break;
                }
                if (!pause.length().isZero()) {
                    pause(pause);
                }
            }
        } finally {
            shutdown();
            terminated.countDown();
        }
    }

    /** How long to pause after an iteration; an idle pause ends early when an executor has outcomes. */
    private record Pause(Duration length, boolean idle) {}

    private Pause iterate() {
        try {
            boolean busy = runOnce();
            outage.recovered(clock.instant()).ifPresent(lasted ->
                    log.info("The database is reachable again (after {}s); scheduling resumes", lasted.toSeconds()));
            return new Pause(busy ? Duration.ZERO : idlePause(), true);
        } catch (SchedulerIdTakenException | ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StoreException.isDatabaseUnavailable(e)) {
                if (outage.failed(clock.instant())) {
                    metrics.databaseOutages.increment();
                    log.warn("The database is unreachable ({}); the scheduler keeps retrying", rootMessage(e));
                }
                return new Pause(outage.backoff(), false);
            }
            log.error("Scheduler loop iteration failed; continuing", e);
            return new Pause(settings.idleSleep(), false);
        }
    }

    /**
     * The pause after an iteration that changed nothing: {@code scheduler_idle_sleep_time}, shortened to when an
     * executor could start work it holds (launches beyond one heartbeat's batch), so a backlog never waits idle.
     */
    private Duration idlePause() {
        Duration idle = settings.idleSleep();
        return router.backlogDueIn().filter(due -> due.compareTo(idle) < 0).orElse(idle);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void pause(Pause pause) {
        try {
            pauses.await(pause.length(), pause.idle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pauses.requestStop();
        }
    }

    /** Asks the loop to stop after its current iteration; returns at once. */
    public void stop() {
        pauses.requestStop();
    }

    /** Waits until the loop has stopped and shut down; true when it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void shutdown() {
        if (executorsStarted) {
            for (Executor executor : router.executors()) {
                try {
                    executor.end();
                } catch (RuntimeException e) {
                    log.error("Executor {} failed to end cleanly", executor.name(), e);
                }
            }
            try {
                events.process(dags.current());
            } catch (RuntimeException e) {
                log.warn("Could not apply the executors' last events: {}", rootMessage(e));
            }
        }
        if (registered) {
            try {
                schedulers.markStopped(settings.schedulerId(), clock.instant());
            } catch (RuntimeException e) {
                log.warn("Could not mark scheduler {} stopped: {}", settings.schedulerId(), rootMessage(e));
            }
        }
        idGuard.close();
        log.info("Scheduler {} stopped", settings.schedulerId());
    }
}
