package io.taskpod.app.worker;

import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;

/** Loads DAGs from the DAGs folder with the {@link DagFileLoader}, as the scheduler does. */
public final class FileDagLookup implements DagLookup {

    private final DagFileLoader loader;
    private final Path dagsFolder;

    public FileDagLookup(DagFileLoader loader, Path dagsFolder) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.dagsFolder = Objects.requireNonNull(dagsFolder, "dagsFolder");
    }

    @Override
    public Dag load(String relativeFileloc, String dagId) {
        DagBag bag = loader.loadFile(dagsFolder, relativeFileloc);
        return bag.dag(dagId).orElseThrow(() -> new WorkerError(describeMissing(relativeFileloc, dagId, bag)));
    }

    private String describeMissing(String relativeFileloc, String dagId, DagBag bag) {
        String where = relativeFileloc.startsWith(DagFileLoader.CLASSPATH_PREFIX) ? relativeFileloc
                : dagsFolder.resolve(relativeFileloc).normalize().toString();
        StringBuilder message = new StringBuilder("DAG file ").append(where).append(" does not define DAG '")
                .append(dagId).append('\'');
        if (!bag.dags().isEmpty()) {
            message.append(" (it defines ").append(String.join(", ", bag.dags().keySet())).append(')');
        }
        if (!bag.errors().isEmpty()) {
            message.append("; load errors: ").append(bag.errors().stream().map(DagLoadError::describe)
                    .collect(Collectors.joining("; ")));
        }
        return message.toString();
    }
}
