package io.taskpod.app.scheduler;

import io.micrometer.core.instrument.Counter;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.store.operate.StopRequest;
import io.taskpod.store.operate.StopRequestRepository;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the tries users took away by hand (cleared, marked, cancelled) while they were queued or running. The action
 * already changed the state in the database; it is the scheduler that queued the try that holds its pod or process,
 * so it revokes the try with its executor (the pod is deleted, the process killed), appends why to the task's log,
 * and lets a cleared task instance wait for its next try. Stops asked of a scheduler that is gone are finished by
 * any other once {@code orphanedAfter} has passed: the try's worker has noticed by then (its heartbeat finds the try
 * taken away and stops the task), and a pod of a dead scheduler is cleaned up by the adoption sweep.
 */
final class StopRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(StopRequestHandler.class);

    private final StopRequestRepository stops;
    private final ExecutorRouter router;
    private final TaskLogFiles logs;
    private final String schedulerId;
    private final Optional<Duration> orphanedAfter;
    private final Duration healthCheckThreshold;
    private final Clock clock;
    private final Counter stopped;

    /** @param orphanedAfter empty for a scheduler that carries out only its own stops ({@code dags test}) */
    StopRequestHandler(StopRequestRepository stops, ExecutorRouter router, TaskLogFiles logs, String schedulerId,
            Optional<Duration> orphanedAfter, Duration healthCheckThreshold, Clock clock, SchedulerMetrics metrics) {
        this.stops = stops;
        this.router = router;
        this.logs = logs;
        this.schedulerId = schedulerId;
        this.orphanedAfter = orphanedAfter;
        this.healthCheckThreshold = healthCheckThreshold;
        this.clock = clock;
        this.stopped = metrics.stopRequests;
    }

    /** Carries out the pending stops; returns how many. */
    int handle() {
        Instant now = clock.instant();
        List<StopRequest> requests = stops.pending(schedulerId, orphanedAfter.map(now::minus),
                now.minus(healthCheckThreshold));
        for (StopRequest request : requests) {
            boolean own = request.schedulerId().equals(Optional.of(schedulerId));
            if (own) {
                router.executorFor(request.taskInstance()).ifPresent(executor -> executor.revokeTask(request.taskInstance()));
            }
            boolean released = stops.done(request, schedulerId, now);
            String what = (own ? "the scheduler stopped try " : "try ") + request.key().tryNumber()
                    + (own ? "" : " (its scheduler " + request.schedulerId().orElse("(none)")
                            + " is gone; its worker stops it)")
                    + (released ? "; the task instance waits for its next try" : "");
            log.info("{}: {}: {}", request.key(), request.reason(), what);
            appendToTaskLog(request, request.reason() + ": " + what);
            stopped.increment();
        }
        return requests.size();
    }

    private void appendToTaskLog(StopRequest request, String line) {
        try {
            logs.appendLine(request.key(), "scheduler", line);
        } catch (UncheckedIOException e) {
            log.warn("Could not write to the log of {}: {}", request.key(), e.getMessage());
        }
    }
}
