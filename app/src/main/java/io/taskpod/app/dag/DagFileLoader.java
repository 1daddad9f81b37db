package io.taskpod.app.dag;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads DAG files ({@code *.yaml}, {@code *.yml}) from the DAGs folder and, optionally, the examples bundled in
 * taskpod's jar ({@code classpath:examples/dags/…}). A broken file becomes a load error; the others still load.
 */
public final class DagFileLoader {

    /** Prefix of the relative file location of a bundled example DAG. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private final DagDefaults defaults;

    public DagFileLoader(DagDefaults defaults) {
        this.defaults = defaults;
    }

    /** Every DAG file in {@code dagsFolder} (recursively), plus the bundled examples when asked. */
    public DagBag loadAll(Path dagsFolder, boolean includeExamples) {
        throw new UnsupportedOperationException("DAG parsing lands on main shortly " + defaults + dagsFolder + includeExamples);
    }

    /** The DAGs of one file, given as recorded in {@link Dag#relativeFileloc()}: what a worker loads. */
    public DagBag loadFile(Path dagsFolder, String relativeFileloc) {
        throw new UnsupportedOperationException("DAG parsing lands on main shortly " + dagsFolder + relativeFileloc);
    }

    /** One DAG of one file, or empty when the file does not hold it (its load errors are in {@link #loadFile}). */
    public Optional<Dag> loadDag(Path dagsFolder, String relativeFileloc, String dagId) {
        return loadFile(dagsFolder, relativeFileloc).dag(dagId);
    }
}
