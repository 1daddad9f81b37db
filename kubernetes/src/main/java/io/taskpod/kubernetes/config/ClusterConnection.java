package io.taskpod.kubernetes.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the API server: in-cluster service account, or a kubeconfig file and context; TLS checks; request
 * timeouts; fabric8's own request retries; TCP keepalive.
 */
public record ClusterConnection(
        ClusterAccess access,
        boolean verifySsl,
        Optional<Path> caCertFile,
        RequestTimeouts timeouts,
        ApiRetrySettings retry,
        TcpKeepalive keepalive) {}
