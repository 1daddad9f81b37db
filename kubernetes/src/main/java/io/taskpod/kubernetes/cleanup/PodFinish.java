package io.taskpod.kubernetes.cleanup;

/** Why the executor is done with a worker pod. */
public enum PodFinish {
    /** The pod succeeded (or its worker refused the try, which ran nothing). */
    SUCCEEDED,
    /** The pod failed, or was deleted before its task finished. */
    FAILED,
    /** A Pending pod whose task was failed (fatal waiting reason, ImagePullBackOff, pending timeout): it must never start. */
    MUST_NOT_RUN,
    /** The scheduler revoked the try, or the pod runs a try nobody wants (stale launch, orphan): stop it. */
    REVOKED
}
