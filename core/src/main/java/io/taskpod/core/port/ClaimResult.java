package io.taskpod.core.port;

import java.util.Objects;

/** The outcome of claiming a try: this worker now runs it, or it must not run it and why. */
public sealed interface ClaimResult {

    /**
     * The try moved from queued to running for {@code owner}.
     *
     * @param maxTries the task instance's {@code max_tries} as the claim found it: the last try number retried on
     *     failure (the task's retries, counted again from the try at which a user cleared it)
     */
    record Claimed(TryOwner owner, int maxTries) implements ClaimResult {
        public Claimed {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** The try is not this worker's to run; nothing was written. */
    record Refused(String reason) implements ClaimResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
