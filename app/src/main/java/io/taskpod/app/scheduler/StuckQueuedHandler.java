package io.taskpod.app.scheduler;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.store.task.StuckTask;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task instances this scheduler queued more than {@code task_queued_timeout} ago that never started (a pod stuck
 * Pending, a launch lost in a crash). The wait is measured as the executor sees it
 * ({@link io.taskpod.core.executor.Executor#queuedWaitSince}): a try whose launch waits for an outage that is not its
 * fault (an API server that cannot be reached) is left alone, and after such an outage its wait counts from when the
 * launch went through. Each stuck one is put back to {@code scheduled} keeping its try, up to
 * {@code num_stuck_in_queued_retries} times per try; after that it fails with the reason. The database write comes
 * first, a compare-and-set on the queued state and the launch attempt read; only when it wins is the launch revoked
 * from its executor. A worker that claimed the try in between wins instead (its launch is left alone), and one that
 * tries after finds its launch revoked and is refused, so a launch that runs the try is never revoked.
 */
final class StuckQueuedHandler {

    private static final Logger log = LoggerFactory.getLogger(StuckQueuedHandler.class);

    private final TaskInstanceRepository taskInstances;
    private final ExecutorRouter router;
    private final TaskFailureHandler failures;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final SchedulerMetrics metrics;

    StuckQueuedHandler(TaskInstanceRepository taskInstances, ExecutorRouter router, TaskFailureHandler failures,
            SchedulerSettings settings, Clock clock, SchedulerMetrics metrics) {
        this.taskInstances = taskInstances;
        this.router = router;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many task instances it requeued or failed. */
    int handle() {
        Instant now = clock.instant();
        int handled = 0;
        Instant cutoff = now.minus(settings.taskQueuedTimeout());
        for (StuckTask stuck : taskInstances.findQueuedBefore(settings.schedulerId(), cutoff)) {
            TaskInstance ti = stuck.taskInstance();
            Optional<Instant> waitingSince = router.executorFor(ti).map(executor -> executor.queuedWaitSince(ti))
                    .orElse(ti.queuedAt());
            if (waitingSince.filter(since -> since.isBefore(cutoff)).isEmpty()) {
                log.debug("{}: queued before {} but its launch {}", ti.key(), cutoff, waitingSince
                        .map(since -> "waits only since " + since).orElse("waits for an outage of its executor"));
                continue;
            }
            String reason = "queued for more than " + settings.taskQueuedTimeout().toSeconds()
                    + "s without starting (task_queued_timeout)";
            if (stuck.requeues() < settings.numStuckInQueuedRetries()) {
                if (taskInstances.requeueLaunch(ti.key(), ti.queuedBy(), ti.launchAttempt(), true,
                        settings.schedulerId(), reason + "; requeued " + (stuck.requeues() + 1) + " of "
                                + settings.numStuckInQueuedRetries(), now)) {
                    revoke(ti);
                    log.warn("{} was {}; requeued ({} of {})", ti.key(), reason, stuck.requeues() + 1,
                            settings.numStuckInQueuedRetries());
                    metrics.stuckRequeued.increment();
                    handled++;
                }
            } else if (failures.failForGood(ti, reason + "; already requeued " + stuck.requeues()
                    + " times (num_stuck_in_queued_retries)")) {
                revoke(ti);
                metrics.stuckFailed.increment();
                handled++;
            }
        }
        return handled;
    }

    private void revoke(TaskInstance ti) {
        router.executorFor(ti).ifPresent(executor -> executor.revokeTask(ti));
    }
}
