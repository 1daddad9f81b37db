package io.taskpod.kubernetes.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a list of this scheduler's active pods with the tries the executor owns (design decision 3): a pure
 * diff returning {@link ReconcileAction}s. Run after every periodic list and after every relist.
 * <ul>
 *   <li>the pod of an owned try → {@link ReconcileAction.Observe} (a terminal state the watch missed is reported;
 *       a Pending pod past the pending timeout is deleted and failed);
 *   <li>an owned try whose pod was created before the list started (minus the launch grace period: API server
 *       caches lag) but is not in it → {@link ReconcileAction.Lost}; tries still launching are left alone;
 *   <li>a pod of an owned try but another launch attempt → {@link ReconcileAction.Stale};
 *   <li>a pod of a try not owned, and not one the executor just finished → {@link ReconcileAction.Unknown}.
 * </ul>
 * Pods whose identity annotations cannot be read are logged and left alone.
 */
public final class PodReconciler {

    private static final Logger log = LoggerFactory.getLogger(PodReconciler.class);

    private final Duration launchGracePeriod;

    public PodReconciler(Duration launchGracePeriod) {
        this.launchGracePeriod = launchGracePeriod;
    }

    /**
     * @param owned the tries the executor owns and the pod it expects for each
     * @param recentlyFinished names of pods whose tries the executor reported finished a short while ago
     */
    public List<ReconcileAction> diff(PodSnapshot snapshot, Collection<TrackedPod> owned, Set<String> recentlyFinished) {
        List<ReconcileAction> actions = new ArrayList<>();
        Map<TaskInstanceKey, TrackedPod> byKey = new HashMap<>();
        owned.forEach(tracked -> byKey.put(tracked.key(), tracked));
        Set<TaskInstanceKey> seen = new HashSet<>();
        for (Pod pod : snapshot.pods()) {
            PodIdentity identity;
            try {
                identity = PodIdentity.of(pod);
            } catch (InvalidPodIdentityException e) {
                log.warn("Ignoring a pod the executor's selector matched: {}", e.getMessage());
                continue;
            }
            TrackedPod tracked = byKey.get(identity.key());
            String name = pod.getMetadata().getName();
            if (tracked != null && tracked.podName().equals(name) && tracked.namespace().equals(pod.getMetadata().getNamespace())) {
                seen.add(identity.key());
                actions.add(new ReconcileAction.Observe(identity.key(), pod, isTerminal(pod)));
            } else if (tracked != null) {
                actions.add(new ReconcileAction.Stale(pod, identity));
            } else if (!recentlyFinished.contains(name)) {
                actions.add(new ReconcileAction.Unknown(pod, identity));
            }
        }
        Instant mustExistBefore = snapshot.listedAt().minus(launchGracePeriod);
        for (TrackedPod tracked : owned) {
            if (!seen.contains(tracked.key()) && snapshot.scope().covers(tracked.namespace())
                    && tracked.createdAt().filter(created -> created.isBefore(mustExistBefore)).isPresent()) {
                actions.add(new ReconcileAction.Lost(tracked));
            }
        }
        return actions;
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
