package io.taskpod.core.dag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DAGs loaded from a DAGs folder and the errors of the files that did not load. */
public record DagBag(Map<String, Dag> dags, List<DagLoadError> errors) {

    public DagBag {
        dags = Collections.unmodifiableMap(new LinkedHashMap<>(dags));
        errors = List.copyOf(errors);
    }

    public Optional<Dag> dag(String dagId) {
        return Optional.ofNullable(dags.get(dagId));
    }
}
