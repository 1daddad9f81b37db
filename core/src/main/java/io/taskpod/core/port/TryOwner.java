package io.taskpod.core.port;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The worker that claims a try: its host (or pod) name, its process id and the moment it claimed the try. The
 * three together identify one claim, so a retried claim or final write recognises its own earlier write and
 * nobody else's.
 *
 * @param claimedAt stored as the try's {@code started_at}; truncated to microseconds, PostgreSQL's precision
 */
public record TryOwner(String hostname, long pid, Instant claimedAt) {

    public TryOwner {
        Objects.requireNonNull(hostname, "hostname");
        claimedAt = Objects.requireNonNull(claimedAt, "claimedAt").truncatedTo(ChronoUnit.MICROS);
    }

    /** The {@code updated_by} of the writes this worker makes, e.g. {@code worker:host-1:4242}. */
    public String updatedBy() {
        return "worker:" + hostname + ":" + pid;
    }
}
