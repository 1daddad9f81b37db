package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call through the {@link KubernetesApi} seam, taskpod's own type so that callers never see the client's:
 * either an error status the API server (or a proxy or load balancer in front of it) answered with, {@link #code()}
 * above 0, or no answer at all, {@link #code()} 0, with the transport failure (a refused connection, a timeout) in
 * the cause chain. Of an answer it keeps what callers decide with: the Status {@link #reason()} ({@code AlreadyExists},
 * {@code Conflict}, …) and message, the name the Status' details give, and Retry-After both from the Status' details
 * and from the {@code Retry-After} header (the API server sends both; a proxy's 429 or 503 has only the header).
 */
public final class KubernetesApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final String statusMessage;
    private final String detailsName;
    private final transient Optional<Duration> retryAfterInStatus;
    private final transient Optional<Duration> retryAfterHeader;

    private KubernetesApiException(String message, Throwable cause, int code, Optional<Status> status,
            Optional<Duration> retryAfterHeader) {
        super(message, cause);
        this.code = code;
        this.reason = status.map(Status::getReason).orElse("");
        this.statusMessage = status.map(Status::getMessage).orElse("");
        this.detailsName = status.map(Status::getDetails).map(StatusDetails::getName).orElse(null);
        this.retryAfterInStatus = status.map(Status::getDetails).map(StatusDetails::getRetryAfterSeconds)
                .filter(seconds -> seconds >= 0).map(Duration::ofSeconds);
        this.retryAfterHeader = Objects.requireNonNull(retryAfterHeader, "retryAfterHeader");
    }

    /** An error answer read by hand, with its {@code Retry-After} header. */
    public static KubernetesApiException answered(String message, Status status, Optional<Duration> retryAfterHeader) {
        return new KubernetesApiException(message, null, Math.max(Objects.requireNonNullElse(status.getCode(), 0), 0),
                Optional.of(status), retryAfterHeader);
    }

    /** The client's exception in taskpod's terms; the client's exception stays the cause. */
    public static KubernetesApiException from(KubernetesClientException e) {
        return new KubernetesApiException(Objects.toString(e.getMessage(), e.toString()), e, Math.max(e.getCode(), 0),
                Optional.ofNullable(e.getStatus()), Optional.empty());
    }

    /** A call that got no answer: {@code cause} is what the transport threw. */
    public static KubernetesApiException noAnswer(Throwable cause) {
        return new KubernetesApiException(cause.toString(), cause, 0, Optional.empty(), Optional.empty());
    }

    /** The HTTP status code of the answer; 0 when there was no answer. */
    public int code() {
        return code;
    }

    /** The Status' reason ({@code AlreadyExists}, {@code Conflict}, …); empty when it gave none. */
    public String reason() {
        return reason;
    }

    /** The Status' message, else this exception's message. */
    public String apiMessage() {
        return statusMessage == null || statusMessage.isBlank() ? Objects.toString(getMessage(), "") : statusMessage;
    }

    /** The name of the object the Status' details are about, if they name one. */
    public Optional<String> detailsName() {
        return Optional.ofNullable(detailsName);
    }

    /** The Retry-After of the Status' details, if it had one. */
    public Optional<Duration> retryAfterInStatus() {
        return retryAfterInStatus;
    }

    /** The {@code Retry-After} header as a wait, if the answer had one that could be read. */
    public Optional<Duration> retryAfterHeader() {
        return retryAfterHeader;
    }
}
