package io.taskpod.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one {@code task_instance} row. {@code key()} carries the current try number.
 *
 * @param executor the configured executor name the task asked for, or empty for the default executor
 * @param queuedBy the id of the scheduler that queued the current try, if any
 * @param externalExecutorId where the executor runs the try, e.g. {@code namespace/pod-name}
 * @param launchAttempt how many times the current try has been handed to an executor (starts at 1)
 */
public record TaskInstance(
        TaskInstanceKey key,
        TaskState state,
        String queue,
        Optional<String> executor,
        int priorityWeight,
        int maxTries,
        Optional<String> queuedBy,
        Optional<String> externalExecutorId,
        Optional<String> hostname,
        int launchAttempt,
        Optional<Instant> queuedAt,
        Optional<Instant> startedAt,
        Optional<Instant> endedAt,
        Optional<Instant> lastHeartbeatAt,
        Optional<String> failureReason) {

    public TaskInstance {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(queuedBy, "queuedBy");
        Objects.requireNonNull(externalExecutorId, "externalExecutorId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
        Objects.requireNonNull(failureReason, "failureReason");
    }

    public TaskInstanceId id() {
        return key.id();
    }
}
