package io.taskpod.kubernetes.launch;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.Objects;

/**
 * One launch of one try: the try and its launch attempt (how often the scheduler has queued it). A try gets a new
 * launch each time it is queued again, and each launch its own pod name; the launcher keeps its bookkeeping per
 * launch, so a result of an earlier launch can never be taken for the current one.
 */
public record LaunchId(TaskInstanceKey key, int launchAttempt) {

    public LaunchId {
        Objects.requireNonNull(key, "key");
        if (launchAttempt < 1) {
            throw new IllegalArgumentException("launchAttempt starts at 1, got " + launchAttempt);
        }
    }

    @Override
    public String toString() {
        return key + " launch " + launchAttempt;
    }
}
