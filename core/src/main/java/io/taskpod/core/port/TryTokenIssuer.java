package io.taskpod.core.port;

import io.taskpod.core.model.TaskInstanceKey;

/**
 * Mints the token a pod's worker presents to the execution API: signed, naming exactly one launch of one try, and
 * expiring after a bounded time. What the KubernetesExecutor needs to start a worker that has no database settings.
 */
@FunctionalInterface
public interface TryTokenIssuer {

    /** A fresh token for launch {@code launchAttempt} of the try {@code key}. */
    String issue(TaskInstanceKey key, int launchAttempt);
}
