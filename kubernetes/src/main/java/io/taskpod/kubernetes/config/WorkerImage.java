package io.taskpod.kubernetes.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The image of the worker container {@code base}: {@code worker_container_repository:worker_container_tag}.
 * Either key set makes it {@linkplain #configured() configured}: it then replaces the pod template's image, as in
 * Airflow. With neither set it is this build's own image ({@code ghcr.io/taskpod/taskpod:<version>}), used only for
 * a pod whose template and {@code executor_config} name no image, so a template with an image keeps it.
 *
 * @param reference {@code repository:tag}
 * @param configured whether the user set either key (rather than both defaulting)
 */
public record WorkerImage(String reference, boolean configured) {

    public WorkerImage {
        Objects.requireNonNull(reference, "reference");
    }

    /** The image the generated pod layer sets over the template's: only a configured one. */
    public Optional<String> overridingTemplate() {
        return configured ? Optional.of(reference) : Optional.empty();
    }
}
