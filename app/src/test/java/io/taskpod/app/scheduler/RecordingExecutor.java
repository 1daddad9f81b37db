package io.taskpod.app.scheduler;

import io.taskpod.core.executor.BaseExecutor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test executor: records every workload it launches and reports the outcomes a test hands it on the next
 * {@link #sync()}, as a real executor reports a process exit or a pod phase.
 */
final class RecordingExecutor extends BaseExecutor {

    final List<ExecuteTask> launched = new CopyOnWriteArrayList<>();
    final List<TaskInstanceKey> revoked = new CopyOnWriteArrayList<>();
    /** Every drained event the scheduler said was stored ({@link #eventsStored}), in order. */
    final List<ExecutorEvent> stored = new CopyOnWriteArrayList<>();
    private final List<ExecutorEvent> drainedNotStored = new CopyOnWriteArrayList<>();
    /** Every task instance {@link #tryAdoptTaskInstances} was offered, in order. */
    final List<TaskInstance> offered = new CopyOnWriteArrayList<>();
    /** Every task instance {@link #clearNotLaunchedQueuedTasks} was asked about, in order. */
    final List<TaskInstance> askedNotLaunched = new CopyOnWriteArrayList<>();
    private volatile boolean blind;
    private volatile Runnable whenAskedNotLaunched = () -> { };
    private volatile Consumer<TaskInstanceKey> whenRevoked = key -> { };
    private final Queue<Object[]> outcomes = new ConcurrentLinkedQueue<>();
    private boolean adoptEverything;
    boolean started;
    boolean ended;

    RecordingExecutor(String name, int parallelism) {
        super(name, parallelism);
    }

    /** From now on, {@link #tryAdoptTaskInstances} adopts whatever it is offered. */
    RecordingExecutor adoptingEverything() {
        adoptEverything = true;
        return this;
    }

    @Override
    protected void executeAsync(ExecuteTask workload) {
        launched.add(workload);
        recordEvent(workload.key(), TaskState.QUEUED, name() + "/" + workload.key().taskId() + "-" + workload.launchAttempt());
    }

    /**
     * The executor learns that the try ended with {@code state}, as a real one learns a process exit on another
     * thread: it wakes the scheduler, and reports the outcome on the next sync.
     */
    void report(TaskInstanceKey key, TaskState state, String info) {
        outcomes.add(new Object[] {key, state, info});
        eventsPending();
    }

    @Override
    public void sync() {
        Object[] outcome;
        while ((outcome = outcomes.poll()) != null) {
            changeState((TaskInstanceKey) outcome[0], (TaskState) outcome[1], (String) outcome[2]);
        }
    }

    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        offered.addAll(taskInstances);
        if (!adoptEverything) {
            return List.copyOf(taskInstances);
        }
        taskInstances.forEach(ti -> addRunning(ti.key()));
        return List.of();
    }

    /** Forgets a try without an event, as a hand-over lost between the database and the executor would. */
    void lose(TaskInstanceKey key) {
        removeQueued(key);
        removeRunning(key);
    }

    /** Whether {@link #clearNotLaunchedQueuedTasks} fails, as an executor whose API server is down does. */
    void blind(boolean value) {
        blind = value;
    }

    /** Runs {@code action} each time {@link #clearNotLaunchedQueuedTasks} is asked, before it answers. */
    void whenAskedNotLaunched(Runnable action) {
        whenAskedNotLaunched = action;
    }

    /** The task instances this executor holds nothing for (no pod, in the KubernetesExecutor's terms). */
    @Override
    public List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        askedNotLaunched.addAll(queuedTaskInstances);
        whenAskedNotLaunched.run();
        if (blind) {
            throw new IllegalStateException(name() + " cannot list its pods: connection refused");
        }
        return queuedTaskInstances.stream().filter(ti -> !hasTask(ti.key())).toList();
    }

    /** Runs {@code action} each time a try is revoked, after the executor has forgotten it. */
    void whenRevoked(Consumer<TaskInstanceKey> action) {
        whenRevoked = action;
    }

    @Override
    public void revokeTask(TaskInstanceKey key) {
        revoked.add(key);
        super.revokeTask(key);
        whenRevoked.accept(key);
    }

    @Override
    public List<ExecutorEvent> drainEvents() {
        List<ExecutorEvent> events = super.drainEvents();
        drainedNotStored.addAll(events);
        return events;
    }

    @Override
    public void eventsStored() {
        stored.addAll(drainedNotStored);
        drainedNotStored.clear();
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void end() {
        ended = true;
    }

    @Override
    public void terminate() {
        ended = true;
    }

    List<TaskInstanceKey> launchedKeys() {
        List<TaskInstanceKey> keys = new ArrayList<>();
        launched.forEach(w -> keys.add(w.key()));
        return keys;
    }
}
