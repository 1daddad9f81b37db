package io.taskpod.store.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One row of the {@code scheduler} table. */
public record SchedulerRecord(
        String id,
        String hostname,
        Optional<Long> pid,
        SchedulerState state,
        List<String> executors,
        Instant startedAt,
        Instant lastHeartbeatAt,
        Optional<Instant> endedAt) {

    public SchedulerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(state, "state");
        executors = List.copyOf(executors);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
