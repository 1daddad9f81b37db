package io.taskpod.app.api;

import java.util.Optional;

/**
 * A request the API cannot answer as asked: the HTTP status, a message that names what was wrong, and the request
 * field at fault (a path or query parameter, or a field of the body). Sent as {@code {"error": ..., "field": ...}}.
 */
final class ApiError extends RuntimeException {

    /** The JSON body of an error; {@code field} is null when no single field is at fault. */
    record Body(String error, String field) {}

    private final int status;
    private final Optional<String> field;

    private ApiError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = Optional.ofNullable(field);
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

    static ApiError badGateway(String message) {
        return new ApiError(502, null, message);
    }

    static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, null, message);
    }

    int status() {
        return status;
    }

    Body body() {
        return new Body(getMessage(), field.orElse(null));
    }
}
