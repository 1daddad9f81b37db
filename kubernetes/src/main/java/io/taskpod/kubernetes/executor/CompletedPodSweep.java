package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.adoption.PodHandover;
import io.taskpod.kubernetes.adoption.Relabel;
import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.cleanup.PodCleanupPolicy;
import io.taskpod.kubernetes.cleanup.PodFinish;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of dead schedulers' pods that nobody will adopt (Airflow's {@code _adopt_completed_pods}), every
 * {@code orphaned_tasks_check_interval}. Decided on the scheduler thread; the relabels and cleanups run on the list
 * and cleanup threads.
 */
final class CompletedPodSweep {

    private static final Logger log = LoggerFactory.getLogger(CompletedPodSweep.class);

    private final String schedulerId;
    private final PodHandover handover;
    private final TaskStateLookup taskStates;
    private final PodPoller poller;
    private final PodCleaner cleaner;
    private final PodCleanupPolicy policy;
    private final KubernetesExecutorMetrics metrics;

    CompletedPodSweep(String schedulerId, PodHandover handover, TaskStateLookup taskStates, PodPoller poller,
            PodCleaner cleaner, PodCleanupPolicy policy, KubernetesExecutorMetrics metrics) {
        this.schedulerId = schedulerId;
        this.handover = handover;
        this.taskStates = taskStates;
        this.poller = poller;
        this.cleaner = cleaner;
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * Pods of dead schedulers that nobody will adopt, moved to this scheduler (the same race-free relabel) and
     * cleaned up: completed ones per the delete policy; active ones whose launch the database no longer has executing
     * (the try was queued again as another launch, or ended) are revoked, since their worker can no longer claim the
     * try and nobody else would stop them. Pods of live schedulers, this one included, and of launches the database
     * still has queued or running, are left alone: adoption takes those.
     */
    void sweep(List<Pod> pods) {
        Set<String> live = new HashSet<>(taskStates.liveSchedulerIds());
        live.add(schedulerId);
        for (Pod pod : pods) {
            PodIdentity identity;
            try {
                identity = PodIdentity.of(pod);
            } catch (InvalidPodIdentityException e) {
                continue;
            }
            String owner = identity.schedulerId();
            if (live.contains(owner) || taskStates.find(identity.key().id())
                    .filter(ti -> ti.key().tryNumber() == identity.key().tryNumber() && ti.state().isExecuting()
                            && ti.launchAttempt() == identity.launchAttempt())
                    .isPresent()) {
                continue;
            }
            String phase = pod.getStatus() == null ? "" : Objects.toString(pod.getStatus().getPhase(), "");
            CleanupAction action = switch (phase) {
                case "Succeeded" -> policy.decide(PodFinish.SUCCEEDED, false);
                case "Failed" -> policy.decide(PodFinish.FAILED, false);
                default -> CleanupAction.REVOKE;
            };
            PodCleanup cleanup = new PodCleanup(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), action,
                    (action == CleanupAction.REVOKE ? "stale launch" : "completed pod") + " of dead scheduler " + owner);
            poller.runOnListThread(() -> adoptDead(pod, owner, cleanup));
        }
    }

    private void adoptDead(Pod pod, String owner, PodCleanup cleanup) {
        try {
            Relabel relabel = handover.relabel(pod, owner);
            metrics.adoption(cleanup.action() == CleanupAction.REVOKE ? "stale" : "completed",
                    relabel instanceof Relabel.Adopted ? "adopted" : "not_adopted");
            if (relabel instanceof Relabel.Adopted) {
                cleaner.submit(cleanup);
            }
        } catch (RuntimeException e) {
            log.warn("Could not adopt pod {}/{} of dead scheduler {}: {}", cleanup.namespace(), cleanup.podName(), owner,
                    e.toString());
        }
    }
}
