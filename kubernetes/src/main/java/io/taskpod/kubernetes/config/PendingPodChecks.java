package io.taskpod.kubernetes.config;

import java.util.Set;

/**
 * When a Pending pod fails at once rather than waiting out {@code worker_pods_pending_timeout}.
 *
 * @param fatalContainerReasons waiting reasons that fail a Pending pod at once
 *     ({@code worker_pod_pending_fatal_container_state_reasons})
 * @param imagePullBackOffThreshold ImagePullBackOff sightings that fail a Pending pod; 0 = never
 */
public record PendingPodChecks(Set<String> fatalContainerReasons, int imagePullBackOffThreshold) {

    public PendingPodChecks {
        fatalContainerReasons = Set.copyOf(fatalContainerReasons);
    }
}
