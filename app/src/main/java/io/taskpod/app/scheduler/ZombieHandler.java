package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Instant;

/**
 * Running task instances whose worker stopped heartbeating for longer than {@code task_instance_heartbeat_timeout}
 * (zombies): the executor is told to forget (and kill) the try, then the try fails through its retry policy.
 *
 * <p>Only task instances this scheduler owns, or that no scheduler owns, are checked. Those of another live
 * scheduler are its business; those of a dead one become this one's through adoption first, so they are checked
 * here from then on. The compare-and-set on state and try makes a zombie handled by two schedulers at once fail
 * only once.
 */
final class ZombieHandler {

    private final TaskInstanceRepository taskInstances;
    private final ExecutorRouter router;
    private final TaskFailureHandler failures;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final SchedulerMetrics metrics;

    ZombieHandler(TaskInstanceRepository taskInstances, ExecutorRouter router, TaskFailureHandler failures,
            SchedulerSettings settings, Clock clock, SchedulerMetrics metrics) {
        this.taskInstances = taskInstances;
        this.router = router;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many zombies it failed. */
    int handle(DagBag bag) {
        Instant cutoff = clock.instant().minus(settings.taskInstanceHeartbeatTimeout());
        int failed = 0;
        for (TaskInstance ti : taskInstances.findRunningWithoutHeartbeat(settings.schedulerId(), cutoff)) {
            router.executorFor(ti).ifPresent(executor -> executor.revokeTask(ti));
            String last = ti.lastHeartbeatAt().map(at -> "last heartbeat at " + at).orElse("no heartbeat at all");
            String reason = "the worker stopped heartbeating (" + last + ", task_instance_heartbeat_timeout "
                    + settings.taskInstanceHeartbeatTimeout().toSeconds() + "s): zombie task instance"
                    + ti.hostname().map(host -> " on " + host).orElse("");
            if (failures.failWithRetries(ti, bag, reason)) {
                metrics.zombies.increment();
                failed++;
            }
        }
        return failed;
    }
}
