package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import java.util.Map;

/** Where the scheduler gets its DAGs: the DAGs folder in production, a fixed bag in tests. */
@FunctionalInterface
public interface DagSource {

    /** Loads every DAG; a broken file is a load error in the bag, never an exception. */
    DagBag load();

    /**
     * {@link #load()}, where a DAG id that several files define stays with the file of {@code knownFiles} (DAG id →
     * file relative to the DAGs folder, as stored when it was first loaded): a newcomer file declaring it gets the
     * load error. By default the known files are not consulted.
     */
    default DagBag load(Map<String, String> knownFiles) {
        return load();
    }
}
