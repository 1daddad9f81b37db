package io.taskpod.testkit.kubernetes;

/**
 * One field-level reason in a Kubernetes {@code Status} ({@code details.causes[]}), e.g.
 * {@code FieldValueInvalid} on {@code metadata.name}.
 */
public record FieldCause(String field, String reason, String message) {

    static FieldCause invalid(String field, Object value, String detail) {
        return new FieldCause(field, "FieldValueInvalid", "Invalid value: " + quoted(value) + ": " + detail);
    }

    static FieldCause required(String field) {
        return new FieldCause(field, "FieldValueRequired", "Required value");
    }

    static FieldCause required(String field, String detail) {
        return new FieldCause(field, "FieldValueRequired", "Required value: " + detail);
    }

    static FieldCause notFound(String field, Object value) {
        return new FieldCause(field, "FieldValueNotFound", "Not found: " + quoted(value));
    }

    static FieldCause duplicate(String field, Object value) {
        return new FieldCause(field, "FieldValueDuplicate", "Duplicate value: " + quoted(value));
    }

    static FieldCause tooLong(String field, int limit) {
        return new FieldCause(field, "FieldValueTooLong", "Too long: must have at most " + limit + " bytes");
    }

    static FieldCause forbidden(String field, String detail) {
        return new FieldCause(field, "FieldValueForbidden", "Forbidden: " + detail);
    }

    static FieldCause notSupported(String field, Object value, String supported) {
        return new FieldCause(field, "FieldValueNotSupported",
                "Unsupported value: " + quoted(value) + ": supported values: " + supported);
    }

    /** The cause as the API server prints it in a Status message: {@code field: message}. */
    String describe() {
        return field + ": " + message;
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
