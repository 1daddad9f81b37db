package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;

/** Where the scheduler gets its DAGs: the DAGs folder in production, a fixed bag in tests. */
@FunctionalInterface
public interface DagSource {

    /** Loads every DAG; a broken file is a load error in the bag, never an exception. */
    DagBag load();
}
