package io.taskpod.app.scheduler;

import io.taskpod.core.executor.Executor;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.StoreException;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's {@code clear_not_launched_queued_tasks}, every {@code clear_not_launched_interval}: task instances this
 * scheduler queued that their executor never launched and never will (the hand-over was lost, a create failed
 * without a report) are put back to {@code scheduled}, keeping their try, instead of waiting for
 * {@code task_queued_timeout} and using up one of their {@code num_stuck_in_queued_retries}.
 *
 * <p>Only task instances queued by this scheduler are looked at, and each is asked of the executor that runs it
 * ({@link ExecutorRouter}; inside the LocalKubernetesExecutor, the side its queue routes to), so neither another
 * scheduler's nor another executor's task instances are ever reset (Airflow's #23356 and #42151). The reset is a
 * compare-and-set on the queued state, try, owner and launch attempt read before asking the executor: a worker that
 * claimed the try meanwhile wins, and so does a sibling scheduler that adopted, or reset and queued again, the same
 * try between the read and the write (its launch is not undone). An executor that cannot
 * tell now (its API server is down) resets nothing; the next pass tries again. The start is covered by
 * {@link OrphanAdopter#resumeOwn()}.
 */
final class NotLaunchedClearer {

    private static final Logger log = LoggerFactory.getLogger(NotLaunchedClearer.class);

    private final TaskInstanceRepository taskInstances;
    private final ExecutorRouter router;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final SchedulerMetrics metrics;

    NotLaunchedClearer(TaskInstanceRepository taskInstances, ExecutorRouter router, SchedulerSettings settings,
            Clock clock, SchedulerMetrics metrics) {
        this.taskInstances = taskInstances;
        this.router = router;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many task instances it put back to scheduled. */
    int clear() {
        Map<Executor, List<TaskInstance>> byExecutor = new LinkedHashMap<>();
        for (TaskInstance ti : taskInstances.findExecutingQueuedBy(settings.schedulerId())) {
            if (ti.state() != TaskState.QUEUED) {
                continue;
            }
            Optional<Executor> executor = router.executorFor(ti);
            executor.ifPresent(e -> byExecutor.computeIfAbsent(e, x -> new ArrayList<>()).add(ti));
        }
        int cleared = 0;
        for (Map.Entry<Executor, List<TaskInstance>> group : byExecutor.entrySet()) {
            for (TaskInstance ti : notLaunched(group.getKey(), group.getValue())) {
                if (taskInstances.requeueLaunch(ti.key(), ti.queuedBy(), ti.launchAttempt(), false,
                        settings.schedulerId(), "queued by this scheduler but never launched by " + group.getKey().name()
                                + "; put back to scheduled (clear_not_launched_interval)", clock.instant())) {
                    log.warn("{}: queued {} ago but {} never launched it; put back to scheduled, keeping try {}",
                            ti.key(), ti.queuedAt().map(at -> Duration.between(at, clock.instant()).toSeconds()
                                    + "s").orElse("a while"), group.getKey().name(), ti.key().tryNumber());
                    metrics.notLaunchedCleared.increment();
                    cleared++;
                }
            }
        }
        return cleared;
    }

    private static List<TaskInstance> notLaunched(Executor executor, List<TaskInstance> queued) {
        try {
            return executor.clearNotLaunchedQueuedTasks(queued);
        } catch (RuntimeException e) {
            if (StoreException.isDatabaseUnavailable(e)) {
                throw e;
            }
            log.warn("{} could not tell which of {} queued task instance(s) it never launched ({}); none is reset,"
                    + " trying again next pass", executor.name(), queued.size(), e.toString());
            return List.of();
        }
    }
}
