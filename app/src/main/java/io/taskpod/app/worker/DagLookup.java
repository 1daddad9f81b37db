package io.taskpod.app.worker;

import io.taskpod.core.dag.Dag;

/** Loads the DAG a worker runs a task of. */
@FunctionalInterface
public interface DagLookup {

    /**
     * The DAG {@code dagId} from its file, as recorded by the scheduler ({@code dag.fileloc}).
     *
     * @throws WorkerError naming the file and the id when the file does not load or does not define the DAG
     */
    Dag load(String relativeFileloc, String dagId);
}
