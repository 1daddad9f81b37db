package io.taskpod.kubernetes.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Timeouts from {@code kube_client_request_args}: {@code _request_timeout} as seconds (read) or {@code [connect,
 * read]}, and {@code timeout_seconds}, the server-side timeout of watches. Empty: fabric8's defaults (10 s each)
 * and the watcher's own default.
 */
public record RequestTimeouts(Optional<Duration> connect, Optional<Duration> request, Optional<Duration> watchServerTimeout) {

    public static final RequestTimeouts DEFAULT = new RequestTimeouts(Optional.empty(), Optional.empty(), Optional.empty());
}
