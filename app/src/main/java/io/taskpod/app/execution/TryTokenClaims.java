package io.taskpod.app.execution;

import io.taskpod.core.model.TaskInstanceKey;
import java.time.Instant;
import java.util.Objects;

/** What a valid per-try token names: one launch of one try, until {@code expiresAt}. */
public record TryTokenClaims(TaskInstanceKey key, int launchAttempt, Instant expiresAt) {

    public TryTokenClaims {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
