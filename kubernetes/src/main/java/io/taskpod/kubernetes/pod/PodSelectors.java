package io.taskpod.kubernetes.pod;

import java.util.Map;

/** The label selectors the executor lists and watches with. */
public final class PodSelectors {

    private PodSelectors() {}

    /** This scheduler's pods that are not done: what the watcher, reconcile and restart replay see. */
    public static PodSelector activePodsOf(String schedulerId) {
        return new PodSelector(Map.of(PodLabels.WORKER, LabelValues.safe(schedulerId)),
                Map.of(PodLabels.EXECUTOR_DONE, PodLabels.TRUE));
    }

    /** Every pod of this scheduler, done ones included (cleanup). */
    public static PodSelector allPodsOf(String schedulerId) {
        return new PodSelector(Map.of(PodLabels.WORKER, LabelValues.safe(schedulerId)), Map.of());
    }

    /** Every worker pod of any scheduler, done ones included ({@code taskpod kubernetes cleanup-pods}). */
    public static PodSelector allWorkerPods() {
        return new PodSelector(Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE), Map.of());
    }

    /** Not-done worker pods of any scheduler (adoption of a dead scheduler's pods filters by owner afterwards). */
    public static PodSelector activeWorkerPods() {
        return new PodSelector(Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE),
                Map.of(PodLabels.EXECUTOR_DONE, PodLabels.TRUE));
    }
}
