package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An error status the API server, or a proxy or load balancer in front of it, answered a request with: fabric8's
 * {@link KubernetesClientException} (code and {@link Status}, made from the body when it is a Kubernetes Status, from
 * the body's text otherwise) plus what fabric8 does not keep, the {@code Retry-After} header. The API server sends
 * Retry-After both as the header and in the Status; a proxy's 429 or 503 has it only as the header.
 */
public final class ApiResponseException extends KubernetesClientException {

    private final transient Optional<Duration> retryAfterHeader;

    public ApiResponseException(String message, Status status, Optional<Duration> retryAfterHeader) {
        super(message, status.getCode(), status);
        this.retryAfterHeader = Objects.requireNonNull(retryAfterHeader, "retryAfterHeader");
    }

    /** The {@code Retry-After} header as a wait, if the response had one that could be read. */
    public Optional<Duration> retryAfterHeader() {
        return retryAfterHeader;
    }
}
