package io.taskpod.store.operate;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the audit log: who did what, to which DAG, run or task.
 *
 * @param event what was done, e.g. {@code pause}, {@code clear}, {@code cancel}, {@code user.create}
 * @param details the action's parameters in words
 */
public record AuditEntry(long id, Instant at, String actor, String event, Optional<String> dagId,
        Optional<String> runId, Optional<String> taskId, Optional<String> details) {}
