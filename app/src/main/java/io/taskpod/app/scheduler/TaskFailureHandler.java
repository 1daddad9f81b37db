package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.retry.RetryPolicy;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a try the worker could not finish itself (killed externally, zombie, stuck in queued): records the state
 * and reason in the database first (compare-and-set on the state and try the caller saw), then appends the reason
 * to the task's log so that whoever reads the log sees why the try ended.
 */
final class TaskFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(TaskFailureHandler.class);

    private final TaskInstanceRepository taskInstances;
    private final TaskLogFiles logs;
    private final String schedulerId;
    private final Duration defaultRetryDelay;
    private final Clock clock;

    TaskFailureHandler(TaskInstanceRepository taskInstances, TaskLogFiles logs, String schedulerId,
            Duration defaultRetryDelay, Clock clock) {
        this.taskInstances = taskInstances;
        this.logs = logs;
        this.schedulerId = schedulerId;
        this.defaultRetryDelay = defaultRetryDelay;
        this.clock = clock;
    }

    /**
     * Fails the try through the task's retry policy ({@code up_for_retry} while retries remain, else {@code failed});
     * false when the row changed meanwhile (someone else handled it).
     */
    boolean failWithRetries(TaskInstance ti, DagBag bag, String reason) {
        Instant now = clock.instant();
        Optional<TaskDefinition> task = bag.dag(ti.key().dagId()).flatMap(dag -> dag.task(ti.key().taskId()));
        RetryPolicy.Decision decision = task
                .map(t -> RetryPolicy.onFailure(t, ti.key().tryNumber(), ti.maxTries(), now))
                .orElseGet(() -> RetryPolicy.onFailure(ti.key().tryNumber(), ti.maxTries(), defaultRetryDelay, false,
                        Optional.empty(), now));
        return record(ti, decision.state(), decision.nextRetryAt(), reason);
    }

    /** Fails the try for good, whatever retries remain. */
    boolean failForGood(TaskInstance ti, String reason) {
        return record(ti, TaskState.FAILED, Optional.empty(), reason);
    }

    private boolean record(TaskInstance ti, TaskState to, Optional<Instant> nextRetryAt, String reason) {
        if (!taskInstances.failTry(ti.key(), ti.state(), to, nextRetryAt, reason, schedulerId, clock.instant())) {
            return false;
        }
        String outcome = to == TaskState.UP_FOR_RETRY
                ? "marked up_for_retry; the next try is scheduled after " + nextRetryAt.map(Instant::toString).orElse("now")
                : "marked failed";
        log.warn("{}: {} ({})", ti.key(), reason, outcome);
        try {
            logs.appendLine(ti.key(), "scheduler", reason + " - " + outcome);
        } catch (UncheckedIOException e) {
            log.warn("Could not write the failure reason of {} to its log: {}", ti.key(), e.getMessage());
        }
        return true;
    }
}
