package io.taskpod.kubernetes.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How worker pods are deleted: the grace period ({@code delete_option_kwargs.grace_period_seconds}, else
 * {@code termination_grace_period_seconds}, else the pod's own) and the propagation policy.
 */
public record PodDeleteOptions(Optional<Duration> gracePeriod, Optional<String> propagationPolicy) {

    /** The propagation policies the API server accepts. */
    public static final List<String> PROPAGATION_POLICIES = List.of("Foreground", "Background", "Orphan");
}
