package io.taskpod.app.scheduler;

import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.SlotPool;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.task.CandidateFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of one scheduler and which one runs a task instance: the one its {@code executor} field names, or
 * the first (default) one when it names none. A task naming an executor that is not configured is never queued
 * (logged once per name), as in Airflow.
 */
public final class ExecutorRouter {

    private static final Logger log = LoggerFactory.getLogger(ExecutorRouter.class);

    private final List<Executor> executors;
    private final boolean everythingToDefault;
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    private ExecutorRouter(List<Executor> executors, boolean everythingToDefault) {
        if (executors.isEmpty()) {
            throw new IllegalArgumentException("a scheduler needs at least one executor");
        }
        this.executors = List.copyOf(executors);
        this.everythingToDefault = everythingToDefault;
    }

    /** Routes by the task's executor name; the first executor is the default. */
    public static ExecutorRouter of(List<Executor> executors) {
        return new ExecutorRouter(executors, false);
    }

    /** Sends every task instance to one executor, whatever it asks for ({@code dags test}). */
    public static ExecutorRouter everythingTo(Executor executor) {
        return new ExecutorRouter(List.of(executor), true);
    }

    public List<Executor> executors() {
        return executors;
    }

    public List<String> names() {
        return executors.stream().map(Executor::name).toList();
    }

    public Optional<Executor> executorFor(TaskInstance ti) {
        return executorFor(ti.executor(), ti.key());
    }

    private Optional<Executor> executorFor(Optional<String> requested, TaskInstanceKey key) {
        if (everythingToDefault || requested.isEmpty()) {
            return Optional.of(executors.getFirst());
        }
        Optional<Executor> match = executors.stream().filter(e -> e.name().equals(requested.get())).findFirst();
        if (match.isEmpty() && warnedUnknown.add(requested.get())) {
            log.warn("Task instance {} asks for executor {}, which is not configured ([core] executor = {}); "
                    + "such task instances are not queued", key, requested.get(), names());
        }
        return match;
    }

    /** The executor's name that would run the task instance, or empty when none is configured for it. */
    public Optional<String> executorNameFor(TaskInstance ti) {
        return executorFor(ti).map(Executor::name);
    }

    /** Each executor's slot pools as they are now, by executor name. */
    public Map<String, List<SlotPool>> slotPools() {
        Map<String, List<SlotPool>> pools = new LinkedHashMap<>();
        executors.forEach(executor -> pools.put(executor.name(), executor.slotPools()));
        return pools;
    }

    /**
     * The task instances whose executor's pool for their queue is full (for the default executor, also those naming
     * none). Those naming an executor that is not configured are still read, so that the warning about them is
     * logged. Sending everything to one executor, nothing is filtered: that executor's pools decide alone.
     */
    public CandidateFilter candidateFilter(Map<String, List<SlotPool>> pools) {
        if (everythingToDefault) {
            return CandidateFilter.NONE;
        }
        List<CandidateFilter.ClosedRoute> closed = new ArrayList<>();
        for (Executor executor : executors) {
            for (SlotPool pool : pools.getOrDefault(executor.name(), List.of())) {
                if (pool.free() > 0) {
                    continue;
                }
                closed.add(new CandidateFilter.ClosedRoute(Optional.of(executor.name()), pool.queues()));
                if (executor == executors.getFirst()) {
                    closed.add(new CandidateFilter.ClosedRoute(Optional.empty(), pool.queues()));
                }
            }
        }
        return new CandidateFilter(closed);
    }

    /** True when any executor holds this try. */
    public boolean anyHas(TaskInstanceKey key) {
        return executors.stream().anyMatch(e -> e.hasTask(key));
    }

    /** The soonest any executor could start work it holds ({@link Executor#backlogDueIn()}); empty when none holds any. */
    public Optional<Duration> backlogDueIn() {
        return executors.stream().map(Executor::backlogDueIn).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }
}
