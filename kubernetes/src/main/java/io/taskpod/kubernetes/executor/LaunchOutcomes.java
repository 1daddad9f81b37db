package io.taskpod.kubernetes.executor;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import io.taskpod.kubernetes.launch.PodLauncher;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.reconcile.TrackedPod;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what a returned create meant ({@link LaunchOutcome}, from the inbox): the tracked pod exists from now,
 * the try fails, its log says it waits for the API server, or a pod created for a revoked launch is deleted.
 * Scheduler thread only.
 */
final class LaunchOutcomes {

    private static final Logger log = LoggerFactory.getLogger(LaunchOutcomes.class);

    private final TrackedPods tracked;
    private final UnreachableCreatesLog createsLog;
    private final PodLauncher launcher;
    private final TaskReports reports;
    private final PodCleaner cleaner;
    private final Clock clock;
    private final KubernetesExecutorMetrics metrics;

    LaunchOutcomes(TrackedPods tracked, UnreachableCreatesLog createsLog, PodLauncher launcher, TaskReports reports,
            PodCleaner cleaner, Clock clock, KubernetesExecutorMetrics metrics) {
        this.tracked = tracked;
        this.createsLog = createsLog;
        this.launcher = launcher;
        this.reports = reports;
        this.cleaner = cleaner;
        this.clock = clock;
        this.metrics = metrics;
    }

    void apply(LaunchOutcome outcome) {
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
                    reports.logged(key, "waiting for its pod: the Kubernetes API server cannot be reached ("
                            + requeued.reason() + "); the pod create is retried until it answers");
                }
            }
            case LaunchOutcome.Failed failed -> expected.ifPresent(pod -> {
                log.warn("{}: {}", key, failed.message());
                tracked.finished(pod);
                reports.failed(key, failed.message());
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
}
