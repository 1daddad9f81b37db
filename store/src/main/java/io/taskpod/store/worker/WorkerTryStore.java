package io.taskpod.store.worker;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.port.TryStore;
import java.util.Optional;

/**
 * Everything {@code taskpod tasks run} reads and writes for its try: the {@link TryStore} writes, its task instance,
 * and its DAG's file. Two implementations: the database ({@link WorkerTaskStore}, for trusted processes) and the
 * execution API (a pod's worker, which has no database settings).
 */
public interface WorkerTryStore extends TryStore {

    /** The task instance's current try and state, or empty when there is no such task instance. */
    Optional<TryState> currentTry(TaskInstanceId id);

    /** The DAG's file as the scheduler recorded it ({@code dag.fileloc}, relative to the DAGs folder). */
    Optional<String> dagFileloc(String dagId);
}
