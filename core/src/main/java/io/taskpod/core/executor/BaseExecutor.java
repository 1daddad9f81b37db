package io.taskpod.core.executor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor contract, Airflow's {@code BaseExecutor}: a queue of workloads waiting for a slot, the set of
 * tries the executor owns ({@code running}: handed over and not yet reported finished), and a buffer of
 * {@link ExecutorEvent}s the scheduler drains.
 *
 * <p>Every method is called from the scheduler's loop thread only; implementations that learn about outcomes
 * on other threads (process exits, pod watches) hand them over through their own thread-safe queue, call
 * {@link #eventsPending()} to wake the scheduler, and apply them in {@link #sync()}.
 */
public abstract class BaseExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(BaseExecutor.class);

    private final String name;
    private final int parallelism;
    private final Map<TaskInstanceKey, ExecuteTask> queuedTasks = new LinkedHashMap<>();
    private final Set<TaskInstanceKey> running = new LinkedHashSet<>();
    private final Map<TaskInstanceKey, ExecutorEvent> eventBuffer = new LinkedHashMap<>();
    private volatile Runnable eventsPending = () -> {};

    /**
     * @param name the name the executor is configured under, e.g. {@code KubernetesExecutor}
     * @param parallelism the most tries it owns at once; 0 means unlimited
     */
    protected BaseExecutor(String name, int parallelism) {
        this.name = Objects.requireNonNull(name, "name");
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be >= 0, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public final String name() {
        return name;
    }

    public final int parallelism() {
        return parallelism;
    }

    /** Registers {@code executor.open_slots}, {@code executor.queued_tasks} and {@code executor.running_tasks}. */
    @Override
    public void bindMetrics(MeterRegistry registry) {
        Tags tags = Tags.of("executor", name);
        Gauge.builder("executor.open_slots", this, e -> e.openSlots()).tags(tags).register(registry);
        Gauge.builder("executor.queued_tasks", this, e -> e.queuedTasks.size()).tags(tags).register(registry);
        Gauge.builder("executor.running_tasks", this, e -> e.running.size()).tags(tags).register(registry);
    }

    @Override
    public void onEventsPending(Runnable wakeUp) {
        this.eventsPending = Objects.requireNonNull(wakeUp, "wakeUp");
    }

    /**
     * Tells the scheduler, from any thread, that an outcome is waiting for {@link #sync()}; call it after handing
     * the outcome to the queue that {@code sync} reads.
     */
    protected final void eventsPending() {
        eventsPending.run();
    }

    /** Adds a workload to the queue; a key already queued is kept as it is (logged). */
    @Override
    public void queueWorkload(ExecuteTask workload) {
        if (queuedTasks.containsKey(workload.key())) {
            log.warn("{}: could not queue {}: already queued", name, workload.key());
            return;
        }
        queuedTasks.put(workload.key(), workload);
    }

    /** Hands queued workloads to {@link #executeAsync} up to the open slots, by priority, then {@link #sync()}s. */
    @Override
    public void heartbeat() {
        triggerTasks(openSlots());
        sync();
    }

    /** Slots for new tries: parallelism minus tries owned (unlimited parallelism: as many as are queued). */
    public int openSlots() {
        if (parallelism == 0) {
            return queuedTasks.size();
        }
        return Math.max(0, parallelism - running.size());
    }

    /**
     * Zero while a queued workload could start now (a free slot, and no launch of the same try still owned), so the
     * scheduler heartbeats again at once; otherwise empty.
     */
    @Override
    public Optional<Duration> backlogDueIn() {
        boolean startable = openSlots() > 0 && queuedTasks.keySet().stream().anyMatch(key -> !running.contains(key));
        return startable ? Optional.of(Duration.ZERO) : Optional.empty();
    }

    /** Parallelism minus tries owned and tries queued: how many more workloads the scheduler may queue here. */
    @Override
    public int slotsAvailable() {
        if (parallelism == 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, parallelism - running.size() - queuedTasks.size());
    }

    /** Tries owned plus workloads queued. */
    @Override
    public int slotsOccupied() {
        return running.size() + queuedTasks.size();
    }

    /**
     * Starts up to {@code openSlots} queued workloads, highest priority weight first. A workload whose key is
     * still owned (a previous launch of the same try not yet reported) stays queued for a later heartbeat.
     */
    protected void triggerTasks(int openSlots) {
        List<ExecuteTask> ordered = new ArrayList<>(queuedTasks.values());
        ordered.sort(Comparator.comparingInt(ExecuteTask::priorityWeight).reversed());
        int started = 0;
        for (ExecuteTask workload : ordered) {
            if (started >= openSlots) {
                break;
            }
            if (running.contains(workload.key())) {
                log.debug("{}: {} is still owned, keeping it queued", name, workload.key());
                continue;
            }
            queuedTasks.remove(workload.key());
            running.add(workload.key());
            started++;
            executeAsync(workload);
        }
    }

    /** Starts running one workload without waiting for it; its key is already in {@link #running()}. */
    protected abstract void executeAsync(ExecuteTask workload);

    /** Applies what the executor learned since the last call: finished tries become events. */
    @Override
    public abstract void sync();

    /** Starts background machinery (watches, pools). Called once before the first heartbeat. */
    @Override
    public abstract void start();

    /** Stops gracefully: see each executor for what happens to tries still running. */
    @Override
    public abstract void end();

    /** Stops at once, killing what it runs where it can. */
    @Override
    public abstract void terminate();

    /**
     * Takes over tries another (dead) scheduler launched. Returns the task instances it could not adopt: the
     * scheduler resets those. The default adopts nothing.
     */
    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        return List.copyOf(taskInstances);
    }

    /**
     * Makes sure the try no longer runs and forgets it. Must not change task state, must not write events,
     * must not throw. The default only forgets it.
     */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        queuedTasks.remove(key);
        running.remove(key);
    }

    /** True when the try is queued here or owned by this executor. */
    @Override
    public boolean hasTask(TaskInstanceKey key) {
        return queuedTasks.containsKey(key) || running.contains(key);
    }

    /** Records an outcome: the key stops being owned and the event is buffered for the scheduler. */
    public void changeState(TaskInstanceKey key, TaskState state, String info) {
        running.remove(key);
        eventBuffer.put(key, ExecutorEvent.of(key, state, info));
    }

    /** Buffers an event without changing ownership (used for {@code QUEUED} and {@code RUNNING}). */
    protected void recordEvent(TaskInstanceKey key, TaskState state, String info) {
        eventBuffer.put(key, ExecutorEvent.of(key, state, info));
    }

    public void success(TaskInstanceKey key, String info) {
        changeState(key, TaskState.SUCCESS, info);
    }

    public void fail(TaskInstanceKey key, String info) {
        changeState(key, TaskState.FAILED, info);
    }

    /** Returns and clears the buffered events, in the order they were recorded. */
    @Override
    public List<ExecutorEvent> drainEvents() {
        List<ExecutorEvent> events = List.copyOf(eventBuffer.values());
        eventBuffer.clear();
        return events;
    }

    /** The tries this executor owns: handed to {@link #executeAsync} and not yet reported finished. */
    @Override
    public Set<TaskInstanceKey> running() {
        return Collections.unmodifiableSet(running);
    }

    /** The workloads waiting for a slot. */
    @Override
    public Map<TaskInstanceKey, ExecuteTask> queuedTasks() {
        return Collections.unmodifiableMap(queuedTasks);
    }

    /** Marks a try as owned without launching it (adoption). */
    protected void addRunning(TaskInstanceKey key) {
        running.add(key);
    }

    /** Forgets a try without an event (e.g. its pod moved to another scheduler). */
    protected boolean removeRunning(TaskInstanceKey key) {
        return running.remove(key);
    }

    /** Removes a workload from the queue (e.g. when revoked before it got a slot). */
    protected Optional<ExecuteTask> removeQueued(TaskInstanceKey key) {
        return Optional.ofNullable(queuedTasks.remove(key));
    }

    @Override
    public String toString() {
        return name + "(parallelism=" + parallelism + ", queued=" + queuedTasks.size() + ", running=" + running.size() + ")";
    }
}
