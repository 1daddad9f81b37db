package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request the test API server refuses, carrying everything of the Kubernetes {@code Status} it answers
 * with (code, reason, message, details with field causes, and {@code Retry-After}).
 */
final class ApiError extends RuntimeException {

    private final int code;
    private final String reason;
    private final String detailsKind;
    private final String detailsName;
    private final List<FieldCause> causes;
    private final int retryAfterSeconds;

    ApiError(int code, String reason, String message, String detailsKind, String detailsName,
            List<FieldCause> causes, int retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.detailsKind = detailsKind;
        this.detailsName = detailsName;
        this.causes = List.copyOf(causes);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message, "", "", List.of(), 0);
    }

    static ApiError notFound(ResourceType type, String name) {
        return new ApiError(404, "NotFound", type.plural() + " \"" + name + "\" not found", type.plural(), name,
                List.of(), 0);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message, "", "", List.of(), 0);
    }

    static ApiError alreadyExists(ResourceType type, String name) {
        return new ApiError(409, "AlreadyExists", type.plural() + " \"" + name + "\" already exists", type.plural(),
                name, List.of(), 0);
    }

    static ApiError conflict(ResourceType type, String name) {
        return conflict(type, name, "the object has been modified; please apply your changes to the latest version"
                + " and try again");
    }

    static ApiError conflict(ResourceType type, String name, String why) {
        return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + type.plural() + " \"" + name
                + "\": " + why, type.plural(), name, List.of(), 0);
    }

    static ApiError invalid(ResourceType type, String name, List<FieldCause> causes) {
        String described = causes.size() == 1
                ? causes.getFirst().describe()
                : causes.stream().map(FieldCause::describe).collect(Collectors.joining(", ", "[", "]"));
        return new ApiError(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + described, type.kind(),
                name, causes, 0);
    }

    static ApiError gone(String message) {
        return new ApiError(410, "Expired", message, "", "", List.of(), 0);
    }

    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "MethodNotAllowed", message, "", "", List.of(), 0);
    }

    static ApiError unsupportedMediaType(String contentType) {
        return new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/strategic-merge-patch+json (got " + contentType + ")", "", "", List.of(), 0);
    }

    int code() {
        return code;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The Kubernetes {@code Status} object for this error. */
    ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (!detailsKind.isEmpty() || !detailsName.isEmpty() || !causes.isEmpty() || retryAfterSeconds > 0) {
            ObjectNode details = status.putObject("details");
            if (!detailsName.isEmpty()) {
                details.put("name", detailsName);
            }
            if (!detailsKind.isEmpty()) {
                details.put("kind", detailsKind);
            }
            if (!causes.isEmpty()) {
                ArrayNode array = details.putArray("causes");
                for (FieldCause cause : causes) {
                    array.addObject().put("reason", cause.reason()).put("message", cause.message())
                            .put("field", cause.field());
                }
            }
            if (retryAfterSeconds > 0) {
                details.put("retryAfterSeconds", retryAfterSeconds);
            }
        }
        status.put("code", code);
        return status;
    }
}
