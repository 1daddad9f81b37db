package io.taskpod.app.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A request the API cannot answer as asked: the HTTP status, a message that names what was wrong, and the request
 * field at fault (a path or query parameter, or a field of the body). Sent as {@code {"error": ..., "field": ...}},
 * with the response headers it needs (429's {@code Retry-After}).
 */
final class ApiError extends RuntimeException {

    /** The JSON body of an error; {@code field} is null when no single field is at fault. */
    record Body(String error, String field) {}

    private final int status;
    private final Optional<String> field;
    private final Map<String, String> headers;

    private ApiError(int status, String field, String message) {
        this(status, field, message, Map.of());
    }

    private ApiError(int status, String field, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.field = Optional.ofNullable(field);
        this.headers = Map.copyOf(headers);
    }

    static ApiError badRequest(String field, String message) {
        return new ApiError(400, field, message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, null, message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, null, message);
    }

    static ApiError notFound(String field, String message) {
        return new ApiError(404, field, message);
    }

    static ApiError conflict(String field, String message) {
        return new ApiError(409, field, message);
    }

    /** 421 Misdirected Request: the request names another server in its {@code Host} header. */
    static ApiError misdirected(String message) {
        return new ApiError(421, null, message);
    }

    /** 429 with {@code Retry-After}: {@code retryAfter} in whole seconds, rounded up. */
    static ApiError tooManyRequests(String message, Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.plusNanos(999_999_999).toSeconds());
        return new ApiError(429, null, message, Map.of("Retry-After", Long.toString(seconds)));
    }

    static ApiError badGateway(String message) {
        return new ApiError(502, null, message);
    }

    static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, null, message);
    }

    int status() {
        return status;
    }

    /** Headers the response must carry. */
    Map<String, String> headers() {
        return headers;
    }

    Body body() {
        return new Body(getMessage(), field.orElse(null));
    }
}
