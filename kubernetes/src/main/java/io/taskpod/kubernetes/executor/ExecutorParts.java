package io.taskpod.kubernetes.executor;

import io.taskpod.kubernetes.adoption.PodHandover;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanupPolicy;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.launch.CreateCalls;
import io.taskpod.kubernetes.launch.PodLauncher;
import io.taskpod.kubernetes.launch.PublishRetryPolicy;
import io.taskpod.kubernetes.launch.TokenBucket;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodSelector;
import io.taskpod.kubernetes.pod.PodSelectors;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.reconcile.PodReconciler;
import io.taskpod.kubernetes.status.PodStatusClassifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The roles the {@link KubernetesExecutor} is made of, wired together once: the snapshot sources (watchers, poller),
 * the store of tracked pods, the launcher, the signal router with the roles it feeds, adoption and the not-launched
 * check, the cleaner. Everything but the threads' own work is used on the scheduler thread. The launcher, the
 * watchers, the signal router and the cleaner are what Airflow calls {@code AirflowKubernetesScheduler}, as roles
 * rather than one object with a process and queues of its own (see {@link KubernetesExecutor}).
 */
final class ExecutorParts {

    final PodFactory podFactory;
    final Optional<TryTokenDelivery> tokens;
    final List<PodScope> scopes;
    final VersionCheckpoint checkpoint;
    final ExecutorThreads threads;
    final PodWatchers watchers;
    final PodPoller poller;
    final PodLauncher launcher;
    final PodCleaner cleaner;
    final TrackedPods tracked;
    final DeferredCleanups cleanups;
    final SignalRouter signals;
    final LaunchedPodAdoption adoption;
    final NotLaunchedCheck notLaunched;
    final LaunchGauges launchGauges;
    final TryLaunches launches;

    ExecutorParts(KubernetesExecutorBuilder builder, KubernetesApi api, ExecutorInbox inbox, TaskReports reports) {
        KubernetesExecutorSettings settings = builder.settings;
        String schedulerId = builder.schedulerId;
        Clock clock = builder.clock;
        KubernetesExecutorMetrics metrics = new KubernetesExecutorMetrics(builder.registry);
        this.podFactory = new PodFactory(settings, schedulerId, new PodTemplateLoader());
        this.tokens = builder.tokens;
        this.scopes = PodScope.of(settings.pods().watchScope());
        this.checkpoint = new VersionCheckpoint(builder.resourceVersions, schedulerId, clock);
        this.threads = new ExecutorThreads(settings.launch().maxConcurrentCreates());
        PodSelector ownPods = PodSelectors.activePodsOf(schedulerId);
        this.watchers = new PodWatchers(scopes, ownPods, api, inbox, clock,
                watchServerTimeout(settings).plus(KubernetesExecutor.SILENCE_GRACE), metrics);
        PodHandover handover = new PodHandover(api, scopes, schedulerId, clock);
        this.poller = new PodPoller(scopes, ownPods, handover, inbox, threads.listThread(),
                new PodPoller.Intervals(settings.timings().reconcileInterval(), builder.sweepInterval), clock);
        TokenBucket bucket = new TokenBucket(settings.launch().apiQps(), settings.launch().apiBurst(), () -> nanos(clock));
        this.launcher = new PodLauncher(new CreateCalls(api, threads.createThreads(), clock, tokens),
                settings.launch().maxConcurrentCreates(), bucket, PublishRetryPolicy.from(settings.launch(), builder.random),
                clock, metrics, inbox);
        this.cleaner = new PodCleaner(api, settings.deletion().options(), threads.cleanupThreads(), metrics);
        this.tracked = new TrackedPods(clock);
        this.launches = new TryLaunches(launcher, tracked, cleaner);
        UnreachableCreatesLog createsLog = new UnreachableCreatesLog(clock);
        this.launchGauges = new LaunchGauges(createsLog);
        this.cleanups = new DeferredCleanups(new PodCleanupPolicy(settings.deletion().deleteWorkerPods(),
                settings.deletion().deleteWorkerPodsOnFailure()));
        PodObserver observer = new PodObserver(new PodObserver.Rules(schedulerId, PodStatusClassifier.from(settings,
                schedulerId), new PodReconciler(settings.timings().launchGracePeriod())), builder.taskStates, tracked,
                reports, cleanups, clock, metrics);
        this.adoption = new LaunchedPodAdoption(schedulerId, handover, builder.taskStates, tracked, reports, inbox, metrics);
        this.notLaunched = new NotLaunchedCheck(schedulerId, reports, poller);
        this.signals = new SignalRouter(inbox, observer, checkpoint,
                new LaunchOutcomes(tracked, createsLog, launcher, reports, cleaner, clock, metrics), notLaunched,
                new CompletedPodSweep(schedulerId, handover, builder.taskStates, poller, cleaner, cleanups.policy(),
                        metrics), metrics);
    }

    static Duration watchServerTimeout(KubernetesExecutorSettings settings) {
        return settings.connection().timeouts().watchServerTimeout().orElse(KubernetesExecutor.DEFAULT_WATCH_SERVER_TIMEOUT);
    }

    private static long nanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
