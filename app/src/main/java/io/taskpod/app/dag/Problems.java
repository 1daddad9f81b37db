package io.taskpod.app.dag;

import io.taskpod.core.dag.DagLoadError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the load errors of one DAG file, so a user sees every problem at once rather than one per fix. */
final class Problems {

    private final String file;
    private final List<DagLoadError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Records a problem; {@code line} is 1-based, 0 when unknown; {@code field} may be empty. */
    void add(int line, String field, String reason) {
        errors.add(new DagLoadError(file, line > 0 ? Optional.of(line) : Optional.empty(),
                field == null || field.isEmpty() ? Optional.empty() : Optional.of(field), reason));
    }

    int count() {
        return errors.size();
    }

    List<DagLoadError> errors() {
        return List.copyOf(errors);
    }
}
