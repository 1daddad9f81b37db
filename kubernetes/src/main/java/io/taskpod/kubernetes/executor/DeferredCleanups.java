package io.taskpod.kubernetes.executor;

import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.cleanup.PodCleanupPolicy;
import io.taskpod.kubernetes.cleanup.PodFinish;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleanups decided in one sync and carried out at the start of the next, once the scheduler has applied the events
 * that explain them: nothing is deleted or relabelled in the cluster before the database knows why. Scheduler
 * thread only.
 */
final class DeferredCleanups {

    private final PodCleanupPolicy policy;
    private final List<PodCleanup> decided = new ArrayList<>();

    DeferredCleanups(PodCleanupPolicy policy) {
        this.policy = policy;
    }

    PodCleanupPolicy policy() {
        return policy;
    }

    /** Decides what happens to the pod (per {@link PodCleanupPolicy}) and keeps it for the next sync. */
    void decide(String namespace, String podName, PodFinish finish, boolean gone, String why) {
        CleanupAction action = policy.decide(finish, gone);
        if (action != CleanupAction.NOTHING) {
            decided.add(new PodCleanup(namespace, podName, action, why));
        }
    }

    void runAll(PodCleaner cleaner) {
        decided.forEach(cleaner::submit);
        decided.clear();
    }

    /** Drops what was decided: a restart will see those pods again and decide anew. */
    void discard() {
        decided.clear();
    }
}
