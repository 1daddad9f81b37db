package io.taskpod.kubernetes.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose credentials reach the API server: the pod's service account ({@code in_cluster}), or a kubeconfig file
 * ({@code config_file}, else the default) and its context ({@code cluster_context}, else the current one).
 */
public record ClusterAccess(boolean inCluster, Optional<Path> configFile, Optional<String> context) {

    public ClusterAccess {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(context, "context");
    }
}
