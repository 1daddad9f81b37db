package io.taskpod.core.port;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads task instances as the database has them (the executor never writes task state). */
public interface TaskStateLookup {

    Optional<TaskInstance> find(TaskInstanceId id);

    /** Task instances in {@code queued} or {@code running} state that the given scheduler queued. */
    List<TaskInstance> findExecutingQueuedBy(String schedulerId);

    /** Ids of the schedulers whose heartbeat is within the health threshold, this one included. */
    Collection<String> liveSchedulerIds();
}
