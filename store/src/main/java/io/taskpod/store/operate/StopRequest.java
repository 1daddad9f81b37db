package io.taskpod.store.operate;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A try a user stopped while it was queued or running, still to be stopped by its scheduler.
 *
 * @param taskInstance the task instance as it is now, its key at the stopped try (for routing to its executor)
 * @param restarting whether the task instance is still {@code restarting} at that try: once the try is stopped it
 *     waits for its next try
 * @param schedulerId the scheduler that had queued the try, empty when none had
 */
public record StopRequest(TaskInstance taskInstance, boolean restarting, Optional<String> schedulerId,
        String requestedBy, String reason, Instant requestedAt) {

    public TaskInstanceKey key() {
        return taskInstance.key();
    }
}
