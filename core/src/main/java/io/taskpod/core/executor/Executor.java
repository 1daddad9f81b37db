package io.taskpod.core.executor;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.Collection;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the scheduler sees of an executor (Airflow's executor contract). {@link BaseExecutor} implements it for a
 * single executor; routing executors such as the LocalKubernetesExecutor implement it over several. All methods
 * are called from the scheduler's loop thread; only the wake-up registered with {@link #onEventsPending} is called
 * from others, and the gauges registered by {@link #bindMetrics} are read by others (a {@code /metrics} scrape):
 * they read collection sizes and counters only, never iterate, and may lag the loop by an iteration.
 */
public interface Executor {

    /** The configured name, e.g. {@code LocalExecutor}. */
    String name();

    /** Adds a workload to the queue. */
    void queueWorkload(ExecuteTask workload);

    /** Starts queued workloads up to the open slots, then {@link #sync()}s. */
    void heartbeat();

    /** Applies outcomes learned since the last call. */
    void sync();

    /**
     * How soon a {@link #heartbeat()} could start work this executor already holds but has not started: zero when one
     * now would (a queued workload with a free slot, pod creates held back by the per-heartbeat batch size), a
     * positive wait when that work is held back for a while (rate limiter, retry backoff), empty when there is none.
     * The scheduler loop never sleeps longer than this, so a backlog drains at the executor's own pace rather than
     * one batch per idle sleep. Default: empty.
     */
    default Optional<Duration> backlogDueIn() {
        return Optional.empty();
    }

    void start();

    void end();

    void terminate();

    /** How many more workloads the scheduler may queue here. */
    int slotsAvailable();

    /**
     * The executor's slot budgets and the queues each serves; every queue falls in exactly one. The scheduler queues
     * a task only while the pool of its queue has a free slot. Default: one pool of {@link #slotsAvailable()} for
     * every queue.
     */
    default List<SlotPool> slotPools() {
        return List.of(new SlotPool(name(), QueueSet.all(), slotsAvailable()));
    }

    /** Tries owned plus workloads queued. */
    int slotsOccupied();

    /** Takes over tries another scheduler launched; returns those it could not adopt. */
    List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances);

    /**
     * Airflow's {@code clear_not_launched_queued_tasks}: of these task instances, queued by this scheduler and routed
     * to this executor, those it has not launched and never will (not queued here, not owned, nothing started for
     * them: no pod). The scheduler puts them back to {@code scheduled}, keeping the try. Called on the scheduler
     * thread every {@code [scheduler] clear_not_launched_interval}. The default returns none: an executor that cannot
     * tell a lost launch from a slow one leaves its task instances to {@code task_queued_timeout}.
     *
     * @throws RuntimeException when the executor cannot find out now (an API server down); nothing is reset then
     */
    default List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        return List.of();
    }

    /**
     * Since when a try queued here counts as waiting to start, for {@code [scheduler] task_queued_timeout}: empty
     * while the executor cannot launch it for a fault that is not the try's own (the KubernetesExecutor's API server
     * cannot be reached): such a try is not stuck, and the executor bounds that wait itself. After such a fault the
     * wait counts again from when the launch went through. Default: when the try was queued.
     */
    default Optional<Instant> queuedWaitSince(TaskInstance taskInstance) {
        return taskInstance.queuedAt();
    }

    /** Makes sure the try no longer runs and forgets it; no state change, no event, never throws. */
    void revokeTask(TaskInstanceKey key);

    /**
     * {@link #revokeTask(TaskInstanceKey)} for the task instance's current try; routing executors use its queue to
     * find the executor that owns it.
     */
    default void revokeTask(TaskInstance taskInstance) {
        revokeTask(taskInstance.key());
    }

    boolean hasTask(TaskInstanceKey key);

    /**
     * Returns and clears the buffered events. They are not yet safe: the scheduler stores them in the database, and
     * only its {@link #eventsStored()} says they are.
     */
    List<ExecutorEvent> drainEvents();

    /**
     * The handover of outcomes: every event {@link #drainEvents()} has returned so far is stored in the database (or
     * was handled for good: an event the scheduler cannot apply for any reason but a database outage is logged and
     * dropped). The scheduler calls it after applying drained events, and never while any drained event still waits
     * for the database (an outage): those are applied first, after it is back.
     *
     * <p>Until then an executor must not act on what the drained events report in a way that would lose the outcome
     * if the scheduler crashed now: the KubernetesExecutor neither saves its watch position past them nor deletes or
     * relabels their pods, so that a restart sees those pods, and their outcomes, again. An executor that has nothing
     * such to defer ignores it (the default; the LocalExecutor's outcomes are re-read from the database and the
     * worker processes at a restart).
     */
    default void eventsStored() {}

    /** Tries owned: handed over and not reported finished. */
    Set<TaskInstanceKey> running();

    /** Workloads waiting for a slot. */
    Map<TaskInstanceKey, ExecuteTask> queuedTasks();

    /** Registers the executor's gauges; they are read on other threads, so they read sizes, never iterate. */
    void bindMetrics(MeterRegistry registry);

    /**
     * Registers what to call, from any thread, once the executor has learned an outcome (a process exited, a pod
     * finished) that its next {@link #sync()} turns into events, so that an idle scheduler loop applies it at once
     * instead of at the end of its pause. An executor may call it for its common outcomes only (the
     * KubernetesExecutor: a watch event that ends a pod); the rest wait for the pause to end. By default nothing is
     * called: the loop finds every outcome after its pause.
     */
    default void onEventsPending(Runnable wakeUp) {}
}
