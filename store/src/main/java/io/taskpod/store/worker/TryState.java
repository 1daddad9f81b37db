package io.taskpod.store.worker;

import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task instance's current try as the database has it, with the worker that claimed it (if any).
 *
 * @param launchAttempt how often the scheduler has queued the task instance: each launch of a try has its own
 * @param maxTries the last try number that is retried on failure (Airflow's {@code max_tries}: the task's retries,
 *     counted again from the try at which a user cleared it)
 */
public record TryState(TaskState state, int tryNumber, int launchAttempt, Optional<String> hostname,
        Optional<Long> pid, Optional<Instant> startedAt, int maxTries) {

    public TryState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** E.g. {@code running (try 2, launch 1, host h1, pid 42, since 2024-01-01T00:00:00Z)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(state.dbValue()).append(" (try ").append(tryNumber).append(", launch ")
                .append(launchAttempt);
        hostname.ifPresent(h -> text.append(", host ").append(h));
        pid.ifPresent(p -> text.append(", pid ").append(p));
        startedAt.ifPresent(s -> text.append(", since ").append(s));
        return text.append(')').toString();
    }
}
