package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.cleanup.PodFinish;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.reconcile.PodReconciler;
import io.taskpod.kubernetes.reconcile.ReconcileAction;
import io.taskpod.kubernetes.reconcile.TrackedPod;
import io.taskpod.kubernetes.reconcile.UnknownPodDecision;
import io.taskpod.kubernetes.status.PodEventType;
import io.taskpod.kubernetes.status.PodOutcome;
import io.taskpod.kubernetes.status.PodStatusClassifier;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns observed pods into task outcomes (the executor's lifecycle manager): a watch event or a listed pod of a try
 * the executor owns is classified ({@link PodStatusClassifier}) and its outcome reported, and a list is reconciled
 * with the tries owned ({@link PodReconciler}): missed terminal states reported, vanished pods failed as lost, pods
 * of other launches revoked, pods nobody owns adopted or cleaned up as the database says ({@link UnknownPodDecision}).
 * Outcomes are idempotent: once a try is reported its pod is no longer tracked, so duplicate events change nothing.
 * Scheduler thread only.
 */
final class PodObserver {

    private static final Logger log = LoggerFactory.getLogger(PodObserver.class);

    /** The pure decisions the observer acts on, for this scheduler's pods. */
    record Rules(String schedulerId, PodStatusClassifier classifier, PodReconciler reconciler) {}

    private final String schedulerId;
    private final PodStatusClassifier classifier;
    private final PodReconciler reconciler;
    private final TaskStateLookup taskStates;
    private final TrackedPods tracked;
    private final TaskReports reports;
    private final DeferredCleanups cleanups;
    private final Clock clock;
    private final KubernetesExecutorMetrics metrics;

    PodObserver(Rules rules, TaskStateLookup taskStates, TrackedPods tracked, TaskReports reports,
            DeferredCleanups cleanups, Clock clock, KubernetesExecutorMetrics metrics) {
        this.schedulerId = rules.schedulerId();
        this.classifier = rules.classifier();
        this.reconciler = rules.reconciler();
        this.taskStates = taskStates;
        this.tracked = tracked;
        this.reports = reports;
        this.cleanups = cleanups;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Applies one observation of a pod. Only the pod of a try this executor owns counts; others are settled by the
     * reconcile. A database error (looking up what the worker recorded) is thrown before anything changed.
     */
    void observe(PodEventType type, Pod pod) {
        PodIdentity identity;
        try {
            identity = PodIdentity.of(pod);
        } catch (InvalidPodIdentityException e) {
            log.debug("Ignoring pod: {}", e.getMessage());
            return;
        }
        TaskInstanceKey key = identity.key();
        Optional<TrackedPod> current = tracked.current(key, pod);
        if (current.isEmpty()) {
            return;
        }
        TrackedPod expected = current.get();
        boolean gone = type == PodEventType.DELETED;
        switch (classifier.classify(type, pod, clock.instant(), expected.imagePullBackOffSightings())) {
            case PodOutcome.Revoked revoked -> log.debug("{}: pod {} is revoked; ignoring", key, expected.podName());
            case PodOutcome.LeftWatch left -> {
                log.info("{}: pod {} left this scheduler ({}); no longer tracked here", key, expected.externalId(),
                        left.reason());
                tracked.finished(expected);
                reports.dropped(key);
            }
            case PodOutcome.Pending pending -> {
                TrackedPod seen = expected.createdBy(clock.instant());
                tracked.put(pending.imagePullBackOff() ? seen.sawImagePullBackOff(pod.getMetadata().getResourceVersion())
                        : seen);
            }
            case PodOutcome.Running running -> tracked.put(expected.createdBy(clock.instant()));
            case PodOutcome.Succeeded succeeded -> succeeded(expected, gone);
            case PodOutcome.Failed failed -> failed(expected, failed.details().describe(), PodFinish.FAILED, gone);
            case PodOutcome.DeleteAndFail failed -> failed(expected, failed.details().describe(), PodFinish.MUST_NOT_RUN,
                    gone);
            case PodOutcome.Refused refused -> {
                log.info("{}: the worker in pod {} refused the try (another worker has it, or it is finished); dropping"
                        + " this launch without an event", key, expected.externalId());
                tracked.finished(expected);
                reports.dropped(key);
                cleanups.decide(expected.namespace(), expected.podName(), PodFinish.SUCCEEDED, gone, "worker refused the try");
            }
            case PodOutcome.UnknownPhase unknown -> log.warn("{}: pod {} is in phase {}; waiting", key,
                    expected.externalId(), unknown.phase());
        }
    }

    /** Settles the differences between a list of this scheduler's pods and the tries the executor owns. */
    void reconcile(PodSnapshot snapshot) {
        TrackedPods.Snapshot now = tracked.snapshot();
        for (ReconcileAction action : reconciler.diff(snapshot, now.pods(), now.recentlyFinished())) {
            switch (action) {
                case ReconcileAction.Observe observe -> {
                    if (observe.terminal() && tracked.contains(observe.key())) {
                        metrics.reconcileDiff("late_terminal");
                    }
                    observe(PodEventType.LISTED, observe.pod());
                }
                case ReconcileAction.Lost lost -> lost(lost.expected(), snapshot);
                case ReconcileAction.Stale stale -> {
                    metrics.reconcileDiff("stale");
                    log.warn("Pod {}/{} is launch {} of {}, which runs as another launch now; revoking it",
                            stale.pod().getMetadata().getNamespace(), stale.pod().getMetadata().getName(),
                            stale.identity().launchAttempt(), stale.identity().key());
                    cleanups.decide(stale.pod().getMetadata().getNamespace(), stale.pod().getMetadata().getName(),
                            PodFinish.REVOKED, false, "stale launch");
                }
                case ReconcileAction.Unknown unknown -> unknown(unknown.pod(), unknown.identity());
            }
        }
    }

    private void succeeded(TrackedPod pod, boolean gone) {
        TaskInstanceKey key = pod.key();
        Optional<TaskInstance> row = taskStates.find(key.id());
        Optional<TaskState> recorded = row.filter(ti -> ti.key().tryNumber() == key.tryNumber())
                .map(TaskInstance::state).filter(state -> state.isFinished() || state == TaskState.UP_FOR_RETRY);
        tracked.finished(pod);
        if (recorded.isPresent()) {
            reports.finished(key, recorded.get(), "pod " + pod.externalId() + " succeeded");
        } else {
            String reason = "pod " + pod.externalId() + " succeeded but the worker did not record a finished state for try "
                    + key.tryNumber() + " (the database has " + row.map(ti -> "try " + ti.key().tryNumber() + " "
                    + ti.state().dbValue()).orElse("no such task instance") + ")";
            log.warn("{}: {}", key, reason);
            reports.failed(key, reason);
        }
        cleanups.decide(pod.namespace(), pod.podName(), PodFinish.SUCCEEDED, gone, "succeeded");
    }

    private void failed(TrackedPod pod, String reason, PodFinish finish, boolean gone) {
        log.warn("{}: {}", pod.key(), reason);
        tracked.finished(pod);
        reports.failed(pod.key(), reason);
        cleanups.decide(pod.namespace(), pod.podName(), finish, gone, reason);
    }

    private void lost(TrackedPod expected, PodSnapshot snapshot) {
        if (!tracked.get(expected.key()).filter(expected::equals).isPresent()) {
            return;
        }
        metrics.reconcileDiff("lost");
        String reason = "pod " + expected.externalId() + " is lost: it existed at " + expected.createdAt().orElseThrow()
                + " but the API server's list of " + snapshot.scope() + " at " + snapshot.listedAt()
                + " no longer has it (deleted while the watch was disconnected?)";
        log.warn("{}: {}", expected.key(), reason);
        tracked.finished(expected);
        reports.failed(expected.key(), reason);
    }

    private void unknown(Pod pod, PodIdentity identity) {
        if (!identity.schedulerId().equals(schedulerId) || reports.knows(identity.key())) {
            return;
        }
        String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        switch (UnknownPodDecision.decide(pod, identity, taskStates.find(identity.key().id()), schedulerId)) {
            case UnknownPodDecision.Outcome.Adopt adopt -> {
                metrics.reconcileDiff("adopted");
                log.info("{}: pod {} of this scheduler runs a try the database has queued or running here; adopting it",
                        identity.key(), where);
                tracked.adopted(identity, pod);
                reports.owned(identity.key());
                observe(PodEventType.LISTED, pod);
            }
            case UnknownPodDecision.Outcome.LeaveAlone leave -> {
                log.info("Pod {} of this scheduler runs a try another scheduler took over ({}); leaving it to that"
                        + " scheduler", where, leave.why());
                tracked.remember(pod.getMetadata().getName());
            }
            case UnknownPodDecision.Outcome.CleanUp cleanUp -> {
                metrics.reconcileDiff("orphaned");
                log.info("Pod {} of this scheduler is not wanted ({}); cleaning it up as {}", where, cleanUp.why(),
                        cleanUp.finish());
                tracked.remember(pod.getMetadata().getName());
                cleanups.decide(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), cleanUp.finish(), false,
                        cleanUp.why());
            }
        }
    }
}
