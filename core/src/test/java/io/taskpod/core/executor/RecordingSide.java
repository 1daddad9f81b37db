package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A side of a routing executor under test: records the calls it gets, launches workloads without running anything,
 * adopts the task instances whose task id is in {@code adoptable}, and can be told to fail its lifecycle calls.
 */
final class RecordingSide extends BaseExecutor {

    final List<String> calls = new ArrayList<>();
    final List<ExecuteTask> launched = new ArrayList<>();
    final List<TaskInstance> offered = new ArrayList<>();
    final List<TaskInstanceKey> revoked = new ArrayList<>();
    /** Every task instance {@link #clearNotLaunchedQueuedTasks} was asked about, in order. */
    final List<TaskInstance> askedNotLaunched = new ArrayList<>();
    private Set<String> adoptable = Set.of();
    private Set<String> notLaunched = Set.of();
    private boolean failing;

    RecordingSide(String name, int parallelism) {
        super(name, parallelism);
    }

    RecordingSide adopting(String... taskIds) {
        adoptable = Set.of(taskIds);
        return this;
    }

    /** Answers {@link #clearNotLaunchedQueuedTasks} with the task instances of these task ids. */
    RecordingSide notLaunched(String... taskIds) {
        notLaunched = Set.of(taskIds);
        return this;
    }

    RecordingSide failing() {
        failing = true;
        return this;
    }

    @Override
    protected void executeAsync(ExecuteTask workload) {
        launched.add(workload);
        recordEvent(workload.key(), TaskState.QUEUED, name());
    }

    @Override
    public void heartbeat() {
        record("heartbeat");
        super.heartbeat();
    }

    @Override
    public void sync() {
        record("sync");
    }

    @Override
    public void start() {
        record("start");
    }

    @Override
    public void eventsStored() {
        record("eventsStored");
    }

    @Override
    public void end() {
        record("end");
    }

    @Override
    public void terminate() {
        record("terminate");
    }

    private void record(String call) {
        calls.add(call);
        if (failing) {
            throw new IllegalStateException(name() + " cannot " + call);
        }
    }

    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        offered.addAll(taskInstances);
        List<TaskInstance> notAdopted = new ArrayList<>();
        for (TaskInstance ti : taskInstances) {
            if (adoptable.contains(ti.key().taskId())) {
                addRunning(ti.key());
            } else {
                notAdopted.add(ti);
            }
        }
        return notAdopted;
    }

    /** As a side does when a worker exits or a pod finishes: tells whoever listens that events are pending. */
    void learnOutcome() {
        eventsPending();
    }

    @Override
    public List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        askedNotLaunched.addAll(queuedTaskInstances);
        return queuedTaskInstances.stream().filter(ti -> notLaunched.contains(ti.key().taskId())).toList();
    }

    @Override
    public void revokeTask(TaskInstanceKey key) {
        revoked.add(key);
        super.revokeTask(key);
    }
}
