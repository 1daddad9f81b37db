package io.taskpod.kubernetes.pod;

import java.util.Objects;

/**
 * One thing wrong with a pod layer or {@code executor_config}: the field at fault, e.g.
 * {@code executor_config.pod_override.spec.containers[0].image}, and what is wrong with it.
 */
public record FieldProblem(String field, String reason) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code field: reason}. */
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
