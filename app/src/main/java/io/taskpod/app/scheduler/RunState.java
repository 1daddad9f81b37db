package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.DependencyTransition;
import io.taskpod.store.task.TaskInstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One running DAG run's task instances as the scheduler last learned them, with what deciding needs kept up to date
 * as each change arrives: every task's standing as an upstream, the waiting ({@code none}) task instances, and how
 * many are unfinished. Resolving dependencies then looks only at the waiting task instances whose upstreams changed
 * (or that started waiting) since the last time, and whether the run is over is a counter: both cost what changed,
 * not the size of the run. Not thread-safe: the scheduler's loop thread owns it.
 */
final class RunState {

    private static final Comparator<TaskInstanceId> TASK_ORDER =
            Comparator.comparing(TaskInstanceId::taskId).thenComparingInt(TaskInstanceId::mapIndex);
    /** The finished states a run succeeds with (as {@link DagRunOutcome}). */
    private static final Set<TaskState> SUCCESSFUL = Set.of(TaskState.SUCCESS, TaskState.SKIPPED, TaskState.REMOVED);

    private final Map<TaskInstanceId, TaskInstanceStatus> taskInstances = new HashMap<>();
    private final Map<String, DependencyResolver.UpstreamTally> tallies = new HashMap<>();
    private final Map<String, Set<TaskInstanceId>> waitingByTask = new HashMap<>();
    private final Set<TaskInstanceId> retrying = new HashSet<>();
    private final Set<String> changedTasks = new HashSet<>();
    private final Set<TaskInstanceId> startedWaiting = new LinkedHashSet<>();
    /** Waiting task instances to look at, in task id and map index order; a capped resolve leaves some here. */
    private final TreeSet<TaskInstanceId> candidates = new TreeSet<>(TASK_ORDER);
    private int unfinished;
    private int unsuccessful;
    private int scheduled;
    private Dag resolvedWith;
    private Map<String, List<String>> downstream = Map.of();

    /** Takes in the current version of one task instance of the run (a new one, or a change). */
    void apply(TaskInstanceStatus status) {
        TaskInstanceId id = status.key().id();
        TaskInstanceStatus previous = taskInstances.put(id, status);
        if (status.equals(previous)) {
            return;
        }
        if (previous != null) {
            count(previous, -1);
        }
        count(status, 1);
        changedTasks.add(id.taskId());
        if (status.state() == TaskState.NONE) {
            startedWaiting.add(id);
        }
    }

    private void count(TaskInstanceStatus status, int by) {
        TaskInstanceId id = status.key().id();
        TaskState state = status.state();
        DependencyResolver.UpstreamTally tally = tallies.computeIfAbsent(id.taskId(), taskId -> new DependencyResolver.UpstreamTally());
        if (by > 0) {
            tally.add(state);
        } else {
            tally.remove(state);
        }
        if (!state.isFinished()) {
            unfinished += by;
        } else if (!SUCCESSFUL.contains(state)) {
            unsuccessful += by;
        }
        if (state == TaskState.SCHEDULED) {
            scheduled += by;
        }
        if (state == TaskState.NONE) {
            Set<TaskInstanceId> waiting = waitingByTask.computeIfAbsent(id.taskId(), taskId -> new HashSet<>());
            if (by > 0) {
                waiting.add(id);
            } else {
                waiting.remove(id);
            }
        }
        if (state == TaskState.UP_FOR_RETRY) {
            if (by > 0) {
                retrying.add(id);
            } else {
                retrying.remove(id);
            }
        }
    }

    /**
     * The transitions of the waiting task instances that may move now: those whose upstream tasks changed, or that
     * started waiting (or changed while waiting), since the last call; all waiting ones the first time and whenever
     * {@code dag} is another version of the DAG than last time. In task id and map index order, at most {@code max}:
     * the task instances not looked at yet are looked at by the next call.
     */
    List<DependencyTransition> resolve(Dag dag, int max) {
        if (dag != resolvedWith) {
            resolvedWith = dag;
            downstream = downstreamOf(dag);
            waitingByTask.values().forEach(candidates::addAll);
        } else {
            candidates.addAll(startedWaiting);
            for (String taskId : changedTasks) {
                for (String down : downstream.getOrDefault(taskId, List.of())) {
                    candidates.addAll(waitingByTask.getOrDefault(down, Set.of()));
                }
            }
        }
        changedTasks.clear();
        startedWaiting.clear();
        List<DependencyTransition> transitions = new ArrayList<>();
        while (transitions.size() < max && !candidates.isEmpty()) {
            TaskInstanceStatus status = taskInstances.get(candidates.pollFirst());
            if (status.state() == TaskState.NONE) {
                DependencyResolver.decide(dag, status.key(), this::standing).ifPresent(transitions::add);
            }
        }
        return transitions;
    }

    /** Whether waiting task instances are left to look at (a resolve stopped at its maximum). */
    boolean resolvePending() {
        return !candidates.isEmpty();
    }

    private DependencyResolver.Upstream standing(String taskId) {
        DependencyResolver.UpstreamTally tally = tallies.get(taskId);
        return tally == null ? null : tally.standing();
    }

    /** The run's final state once every task instance is finished (success when each one succeeded, was skipped or removed). */
    Optional<DagRunState> outcome() {
        if (unfinished > 0) {
            return Optional.empty();
        }
        return Optional.of(unsuccessful == 0 ? DagRunState.SUCCESS : DagRunState.FAILED);
    }

    /** Whether any task instance waits in {@code scheduled} for the queueing critical section. */
    boolean anyScheduled() {
        return scheduled > 0;
    }

    /** When the earliest retry of the run falls due ({@link Instant#MIN} for a retry without a delay). */
    Optional<Instant> earliestRetry() {
        return retrying.stream().map(id -> taskInstances.get(id).nextRetryAt().orElse(Instant.MIN)).min(Comparator.naturalOrder());
    }

    /** Each task's downstream tasks. */
    private static Map<String, List<String>> downstreamOf(Dag dag) {
        Map<String, List<String>> downstream = new HashMap<>();
        for (TaskDefinition task : dag.tasks().values()) {
            task.dependsOn().forEach(up -> downstream.computeIfAbsent(up, id -> new ArrayList<>()).add(task.taskId()));
        }
        return downstream;
    }
}
