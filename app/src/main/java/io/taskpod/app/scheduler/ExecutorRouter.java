package io.taskpod.app.scheduler;

import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
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

    private final List<BaseExecutor> executors;
    private final boolean everythingToDefault;
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    private ExecutorRouter(List<BaseExecutor> executors, boolean everythingToDefault) {
        if (executors.isEmpty()) {
            throw new IllegalArgumentException("a scheduler needs at least one executor");
        }
        this.executors = List.copyOf(executors);
        this.everythingToDefault = everythingToDefault;
    }

    /** Routes by the task's executor name; the first executor is the default. */
    public static ExecutorRouter of(List<BaseExecutor> executors) {
        return new ExecutorRouter(executors, false);
    }

    /** Sends every task instance to one executor, whatever it asks for ({@code dags test}). */
    public static ExecutorRouter everythingTo(BaseExecutor executor) {
        return new ExecutorRouter(List.of(executor), true);
    }

    public List<BaseExecutor> executors() {
        return executors;
    }

    public List<String> names() {
        return executors.stream().map(BaseExecutor::name).toList();
    }

    public Optional<BaseExecutor> executorFor(TaskInstance ti) {
        return executorFor(ti.executor(), ti.key());
    }

    private Optional<BaseExecutor> executorFor(Optional<String> requested, TaskInstanceKey key) {
        if (everythingToDefault || requested.isEmpty()) {
            return Optional.of(executors.getFirst());
        }
        Optional<BaseExecutor> match = executors.stream().filter(e -> e.name().equals(requested.get())).findFirst();
        if (match.isEmpty() && warnedUnknown.add(requested.get())) {
            log.warn("Task instance {} asks for executor {}, which is not configured ([core] executor = {}); "
                    + "such task instances are not queued", key, requested.get(), names());
        }
        return match;
    }

    /** The executor's name that would run the task instance, or empty when none is configured for it. */
    public Optional<String> executorNameFor(TaskInstance ti) {
        return executorFor(ti).map(BaseExecutor::name);
    }

    /** Free slots per executor name ({@code slotsAvailable()}). */
    public Map<String, Integer> freeSlots() {
        Map<String, Integer> slots = new LinkedHashMap<>();
        executors.forEach(e -> slots.put(e.name(), e.slotsAvailable()));
        return slots;
    }

    /** Task instances all executors hold (queued in them or running). */
    public int slotsOccupied() {
        return executors.stream().mapToInt(BaseExecutor::slotsOccupied).sum();
    }

    /** True when any executor holds this try. */
    public boolean anyHas(TaskInstanceKey key) {
        return executors.stream().anyMatch(e -> e.hasTask(key));
    }
}
