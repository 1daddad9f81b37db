package io.taskpod.core.dag;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a DAG file (or one DAG in it) could not be loaded: the file, the line where known, the field at fault
 * where known, and the reason in words.
 */
public record DagLoadError(String file, Optional<Integer> line, Optional<String> field, String reason) {

    public DagLoadError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code file:line: field: reason}, leaving out what is unknown. */
    public String describe() {
        StringBuilder text = new StringBuilder(file);
        line.ifPresent(l -> text.append(':').append(l));
        text.append(": ");
        field.ifPresent(f -> text.append(f).append(": "));
        return text.append(reason).toString();
    }
}
