package io.taskpod.kubernetes.config;

import java.util.Objects;

/**
 * Which finished worker pods are deleted ({@code delete_worker_pods}, {@code delete_worker_pods_on_failure}) and
 * how ({@code delete_option_kwargs}, {@code termination_grace_period_seconds}).
 */
public record PodDeletion(boolean deleteWorkerPods, boolean deleteWorkerPodsOnFailure, PodDeleteOptions options) {

    public PodDeletion {
        Objects.requireNonNull(options, "options");
    }
}
