package io.taskpod.kubernetes.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where worker pods go and what they are built from: {@code namespace}, the namespaces watched
 * ({@code multi_namespace_mode}, {@code multi_namespace_mode_namespace_list}), {@code pod_template_file} and the
 * worker image.
 *
 * @param namespace where pods go unless executor_config names another namespace in {@link #watchScope()}
 * @param workerImage {@code worker_container_repository:worker_container_tag}, and whether the user set it
 */
public record WorkerPodSource(String namespace, WatchScope watchScope, Optional<Path> podTemplateFile,
        WorkerImage workerImage) {

    public WorkerPodSource {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(watchScope, "watchScope");
        Objects.requireNonNull(podTemplateFile, "podTemplateFile");
        Objects.requireNonNull(workerImage, "workerImage");
    }
}
