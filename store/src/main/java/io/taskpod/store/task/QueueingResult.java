package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import java.util.List;

/** The outcome of one pass of the critical section. */
public sealed interface QueueingResult {

    /** Another scheduler held the critical section; nothing was queued this time. */
    record Busy() implements QueueingResult {}

    /** These task instances are now queued by this scheduler (committed), with their new launch attempt. */
    record Queued(List<TaskInstance> queued) implements QueueingResult {
        public Queued {
            queued = List.copyOf(queued);
        }
    }
}
