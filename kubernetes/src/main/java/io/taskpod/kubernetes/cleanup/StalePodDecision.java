package io.taskpod.kubernetes.cleanup;

/** What {@link StalePodRule} decided for one pod, with the reason a report prints. */
public sealed interface StalePodDecision {

    String reason();

    /** Delete the pod: it finished, or never started, long enough ago. */
    record Delete(String reason) implements StalePodDecision {}

    /** Leave the pod alone. */
    record Keep(String reason) implements StalePodDecision {}
}
