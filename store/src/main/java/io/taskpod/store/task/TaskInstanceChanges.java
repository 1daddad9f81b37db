package io.taskpod.store.task;

import java.util.List;
import java.util.Objects;

/**
 * The task instances whose state or try changed between two reads, in their versions current at the second one, and
 * the horizon to read from next time.
 */
public record TaskInstanceChanges(List<TaskInstanceStatus> changed, ChangeHorizon next) {

    public TaskInstanceChanges {
        changed = List.copyOf(changed);
        Objects.requireNonNull(next, "next");
    }
}
