package io.taskpod.kubernetes.config;

import java.time.Duration;

/**
 * The executor's clocks for pods: how long a pod may stay Pending, how often all pods are listed and compared,
 * and how long a freshly created pod may be missing from a list before its task counts as lost.
 */
public record PodTimings(Duration pendingTimeout, Duration reconcileInterval, Duration launchGracePeriod) {}
