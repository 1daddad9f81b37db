package io.taskpod.kubernetes.cleanup;

import java.util.Objects;

/** One cleanup to carry out: which pod, what to do, and why (for the log). */
public record PodCleanup(String namespace, String podName, CleanupAction action, String why) {

    public PodCleanup {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(why, "why");
    }
}
