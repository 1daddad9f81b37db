package io.taskpod.kubernetes.cleanup;

/** What to do with a worker pod the executor is done with. */
public enum CleanupAction {
    /** Delete it (with the configured delete options; already gone is fine). */
    DELETE,
    /** Keep it, labelled {@code taskpod_executor_done=True}: out of every watch, never replayed or adopted again. */
    LABEL_DONE,
    /** Label it {@code taskpod_pod_revoked=True} (its further events are ignored), then delete it. */
    REVOKE,
    /** Nothing: the pod is already gone. */
    NOTHING
}
