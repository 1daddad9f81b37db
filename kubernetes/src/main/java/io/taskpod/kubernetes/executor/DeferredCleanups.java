package io.taskpod.kubernetes.executor;

import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.cleanup.PodCleanupPolicy;
import io.taskpod.kubernetes.cleanup.PodFinish;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleanups decided while applying pod events, carried out only once the scheduler has stored the events that
 * explain them (the executor contract's handover: decided → {@link #drained} with the events → {@link #stored}), at
 * the start of the next sync: nothing is deleted or relabelled in the cluster before the database knows why.
 * Scheduler thread only.
 */
final class DeferredCleanups {

    private final PodCleanupPolicy policy;
    private final List<PodCleanup> decided = new ArrayList<>();
    private final List<PodCleanup> drained = new ArrayList<>();
    private final List<PodCleanup> stored = new ArrayList<>();

    DeferredCleanups(PodCleanupPolicy policy) {
        this.policy = policy;
    }

    PodCleanupPolicy policy() {
        return policy;
    }

    /** Decides what happens to the pod (per {@link PodCleanupPolicy}) and keeps it until its event is stored. */
    void decide(String namespace, String podName, PodFinish finish, boolean gone, String why) {
        CleanupAction action = policy.decide(finish, gone);
        if (action != CleanupAction.NOTHING) {
            decided.add(new PodCleanup(namespace, podName, action, why));
        }
    }

    /** The events that explain what was decided so far went to the scheduler. */
    void drained() {
        drained.addAll(decided);
        decided.clear();
    }

    /** The scheduler stored the events it drained: their cleanups may run. */
    void stored() {
        stored.addAll(drained);
        drained.clear();
    }

    /** Carries out the cleanups whose events are stored. */
    void runStored(PodCleaner cleaner) {
        stored.forEach(cleaner::submit);
        stored.clear();
    }

    /** Drops everything not carried out: a restart will see those pods again and decide anew. */
    void discard() {
        decided.clear();
        drained.clear();
        stored.clear();
    }
}
