package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.StoreException;
import io.taskpod.store.task.TaskInstanceRepository;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what executors report (Airflow's {@code process_executor_events}). {@code QUEUED} and {@code RUNNING}
 * carry where the try runs, stored as the external executor id. A finished event is normally already reflected in
 * the database (the worker records its own outcome); when the database still says queued or running for the same
 * try, the worker never got to record anything: the try was killed externally (a pod deleted or OOM-killed, a
 * process killed) and is failed through its retry policy. Events are at-least-once: a try the database already
 * finished, a later try, or a try that another scheduler now owns or that this one has launched again, is left
 * alone.
 */
final class ExecutorEventProcessor {

    private static final Logger log = LoggerFactory.getLogger(ExecutorEventProcessor.class);

    private final TaskInstanceRepository taskInstances;
    private final ExecutorRouter router;
    private final TaskFailureHandler failures;
    private final String schedulerId;
    private final SchedulerMetrics metrics;
    private final Deque<Pending> pending = new ArrayDeque<>();

    ExecutorEventProcessor(TaskInstanceRepository taskInstances, ExecutorRouter router, TaskFailureHandler failures,
            String schedulerId, SchedulerMetrics metrics) {
        this.taskInstances = taskInstances;
        this.router = router;
        this.failures = failures;
        this.schedulerId = schedulerId;
        this.metrics = metrics;
    }

    /**
     * Drains every executor's events and applies them in order; returns how many changed something. Where tries run
     * ({@code QUEUED} and {@code RUNNING} events) is stored in one statement first; the rows of the task instances with
     * a finished event are read in one statement (a second event of the same task instance reads its row again). When the database fails midway, the events not yet applied are kept and applied first
     * next time: none is lost. An event that fails for any other reason is logged and dropped, so that it cannot
     * block the ones after it.
     */
    int process(DagBag bag) {
        for (Executor executor : router.executors()) {
            executor.drainEvents().forEach(event -> pending.add(new Pending(executor, event)));
        }
        int applied = recordWhereTriesRun();
        Map<TaskInstanceId, TaskInstance> rows = prefetch();
        while (!pending.isEmpty()) {
            Pending next = pending.peek();
            try {
                applied += apply(next.executor(), next.event(), bag, rows) ? 1 : 0;
            } catch (RuntimeException e) {
                if (StoreException.isDatabaseUnavailable(e)) {
                    throw e;
                }
                log.error("Could not apply the {} event of {} for {}; dropping it", next.event().state().dbValue(),
                        next.executor().name(), next.event().key(), e);
            }
            pending.poll();
        }
        return applied;
    }

    private record Pending(Executor executor, ExecutorEvent event) {}

    /** Stores the external executor ids of the {@code QUEUED} and {@code RUNNING} events in one statement. */
    private int recordWhereTriesRun() {
        Map<TaskInstanceKey, String> ids = new LinkedHashMap<>();
        pending.stream().map(Pending::event)
                .filter(event -> event.state() == TaskState.QUEUED || event.state() == TaskState.RUNNING)
                .forEach(event -> event.info().ifPresent(info -> ids.put(event.key(), info)));
        return taskInstances.recordExternalExecutorIds(ids);
    }

    /** The rows of the task instances with a finished event, read in one statement. */
    private Map<TaskInstanceId, TaskInstance> prefetch() {
        Set<TaskInstanceId> ids = new HashSet<>();
        pending.stream().filter(p -> p.event().state().isFinished()).forEach(p -> ids.add(p.event().key().id()));
        Map<TaskInstanceId, TaskInstance> rows = new HashMap<>();
        taskInstances.findAll(ids).forEach(ti -> rows.put(ti.id(), ti));
        return rows;
    }

    private boolean apply(Executor executor, ExecutorEvent event, DagBag bag, Map<TaskInstanceId, TaskInstance> rows) {
        if (!event.state().isFinished()) {
            log.debug("Ignoring {} event for {}", event.state().dbValue(), event.key());
            return false;
        }
        TaskInstance prefetched = rows.remove(event.key().id());
        Optional<TaskInstance> row = prefetched != null ? Optional.of(prefetched) : taskInstances.find(event.key().id());
        if (row.isEmpty() || !isKilledExternally(executor, event, row.get())) {
            return false;
        }
        TaskInstance ti = row.get();
        String reason = "Executor " + executor.name() + " reported the task instance " + event.state().dbValue()
                + " although it was " + ti.state().dbValue() + " in the database (killed externally)"
                + event.info().map(info -> ": " + info).orElse("");
        if (failures.failWithRetries(ti, bag, reason)) {
            metrics.killedExternally.increment();
            return true;
        }
        return false;
    }

    private boolean isKilledExternally(Executor executor, ExecutorEvent event, TaskInstance ti) {
        if (ti.key().tryNumber() != event.key().tryNumber() || !ti.state().isExecuting()) {
            return false;
        }
        if (!ti.queuedBy().equals(Optional.of(schedulerId))) {
            log.info("{} finished in {} but belongs to scheduler {} now; leaving it to that one", event.key(),
                    executor.name(), ti.queuedBy().orElse("(none)"));
            return false;
        }
        if (executor.hasTask(event.key())) {
            log.info("{} finished in {} but was launched again meanwhile; waiting for the new launch", event.key(),
                    executor.name());
            return false;
        }
        return true;
    }
}
