package io.taskpod.testkit.kubernetes;

import java.time.Duration;
import java.util.List;

/**
 * An error response a test makes the API server give, as a Kubernetes {@code Status}. In {@code message},
 * {@code {resource}} and {@code {name}} stand for the request's resource and object name.
 *
 * @param retryAfter sent as {@code Retry-After} and {@code details.retryAfterSeconds} when positive
 */
public record Failure(int code, String reason, String message, Duration retryAfter, List<FieldCause> causes) {

    public Failure {
        causes = List.copyOf(causes);
    }

    /** Any status code, reason and message. */
    public static Failure of(int code, String reason, String message) {
        return new Failure(code, reason, message, Duration.ZERO, List.of());
    }

    /** 403 for a namespace whose ResourceQuota is used up. */
    public static Failure quotaExceeded() {
        return of(403, "Forbidden", "{resource} \"{name}\" is forbidden: exceeded quota: compute-resources,"
                + " requested: pods=1, used: pods=10, limited: pods=10");
    }

    /** 409 for a write based on a stale resourceVersion. */
    public static Failure conflict() {
        return of(409, "Conflict", "Operation cannot be fulfilled on {resource} \"{name}\": the object has been"
                + " modified; please apply your changes to the latest version and try again");
    }

    /** 422 with one field cause, as validation or an admission webhook gives it. */
    public static Failure invalid(String field, String detail) {
        FieldCause cause = new FieldCause(field, "FieldValueInvalid", "Invalid value: " + detail);
        return new Failure(422, "Invalid", "{resource} \"{name}\" is invalid: " + cause.describe(), Duration.ZERO,
                List.of(cause));
    }

    /** 429 from API priority and fairness, asking the client to come back after {@code retryAfter}. */
    public static Failure tooManyRequests(Duration retryAfter) {
        return new Failure(429, "TooManyRequests", "Too many requests, please try again later.", retryAfter,
                List.of());
    }

    /** 410 for a watch or list from a compacted resourceVersion. */
    public static Failure expired() {
        return of(410, "Expired", "too old resource version");
    }

    /** 500 as an API server gives it when etcd misbehaves. */
    public static Failure internalError() {
        return of(500, "InternalError", "Internal error occurred: injected failure");
    }

    /** 503 as an API server gives it while starting or overloaded. */
    public static Failure serviceUnavailable() {
        return of(503, "ServiceUnavailable", "the server is currently unable to handle the request");
    }

    ApiError toError(ApiRequest request) {
        String text = message.replace("{resource}", request.resource()).replace("{name}", request.name());
        int retryAfterSeconds = retryAfter.isZero() ? 0 : (int) Math.max(1, retryAfter.toSeconds());
        return new ApiError(code, reason, text, request.resource(), request.name(), causes, retryAfterSeconds);
    }
}
