package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.DependencyTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what waiting ({@code none}) task instances of one run become, from the states of their upstream tasks
 * (Airflow's {@code all_success} trigger rule):
 * <ul>
 *   <li>an upstream task counts as done only when every one of its task instances (all map indexes) is finished;
 *   <li>any upstream done with a failure ({@code failed} or {@code upstream_failed}) → {@code upstream_failed};
 *   <li>otherwise, while any upstream is not done → keep waiting;
 *   <li>otherwise, any upstream {@code skipped} → {@code skipped} (a skip propagates down the graph, as in Airflow);
 *   <li>otherwise → {@code scheduled}. Upstreams in state {@code removed}, or with no task instance in the run (a
 *       task added to the DAG after the run was created), do not hold anything back.
 * </ul>
 * A task instance whose task is no longer in the DAG becomes {@code removed}.
 */
public final class DependencyResolver {

    /** What an upstream task amounts to, over all its task instances in the run. */
    enum Upstream { PENDING, FAILED, SKIPPED, SUCCEEDED }

    private DependencyResolver() {}

    public static List<DependencyTransition> resolve(Dag dag, List<TaskInstance> runTaskInstances) {
        Map<String, Upstream> upstreams = summarise(runTaskInstances);
        List<DependencyTransition> transitions = new ArrayList<>();
        for (TaskInstance ti : runTaskInstances) {
            if (ti.state() != TaskState.NONE) {
                continue;
            }
            Optional<TaskDefinition> task = dag.task(ti.key().taskId());
            if (task.isEmpty()) {
                transitions.add(new DependencyTransition(ti.key(), TaskState.NONE, TaskState.REMOVED,
                        "task " + ti.key().taskId() + " is no longer in DAG " + dag.dagId()));
                continue;
            }
            decide(task.get(), upstreams).ifPresent(decision -> transitions.add(
                    new DependencyTransition(ti.key(), TaskState.NONE, decision.state(), decision.reason())));
        }
        return transitions;
    }

    private record Decision(TaskState state, String reason) {}

    private static Optional<Decision> decide(TaskDefinition task, Map<String, Upstream> upstreams) {
        String pending = null;
        String skipped = null;
        for (String upstreamId : task.dependsOn()) {
            switch (upstreams.getOrDefault(upstreamId, Upstream.SUCCEEDED)) {
                case FAILED -> {
                    return Optional.of(new Decision(TaskState.UPSTREAM_FAILED, "upstream task " + upstreamId + " failed"));
                }
                case PENDING -> pending = pending == null ? upstreamId : pending;
                case SKIPPED -> skipped = skipped == null ? upstreamId : skipped;
                case SUCCEEDED -> { }
            }
        }
        if (pending != null) {
            return Optional.empty();
        }
        if (skipped != null) {
            return Optional.of(new Decision(TaskState.SKIPPED, "upstream task " + skipped + " was skipped"));
        }
        return Optional.of(new Decision(TaskState.SCHEDULED,
                task.dependsOn().isEmpty() ? "no upstream tasks" : "all upstream tasks succeeded"));
    }

    /** Each task's standing as an upstream, over all its map indexes. */
    static Map<String, Upstream> summarise(List<TaskInstance> runTaskInstances) {
        Map<String, List<TaskState>> statesByTask = new LinkedHashMap<>();
        for (TaskInstance ti : runTaskInstances) {
            statesByTask.computeIfAbsent(ti.key().taskId(), id -> new ArrayList<>()).add(ti.state());
        }
        Map<String, Upstream> result = new LinkedHashMap<>();
        statesByTask.forEach((taskId, states) -> result.put(taskId, standing(states)));
        return result;
    }

    private static Upstream standing(List<TaskState> states) {
        if (states.stream().anyMatch(state -> !state.isFinished())) {
            return Upstream.PENDING;
        }
        if (states.stream().anyMatch(state -> state == TaskState.FAILED || state == TaskState.UPSTREAM_FAILED)) {
            return Upstream.FAILED;
        }
        if (states.stream().anyMatch(state -> state == TaskState.SKIPPED)) {
            return Upstream.SKIPPED;
        }
        return Upstream.SUCCEEDED;
    }
}
