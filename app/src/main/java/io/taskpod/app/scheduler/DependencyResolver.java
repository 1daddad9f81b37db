package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.DependencyTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

    /** The transitions of every waiting task instance of a run, from all of the run's task instances. */
    public static List<DependencyTransition> resolve(Dag dag, List<TaskInstance> runTaskInstances) {
        Map<String, Upstream> upstreams = summarise(runTaskInstances);
        List<DependencyTransition> transitions = new ArrayList<>();
        for (TaskInstance ti : runTaskInstances) {
            if (ti.state() == TaskState.NONE) {
                decide(dag, ti.key(), upstreams::get).ifPresent(transitions::add);
            }
        }
        return transitions;
    }

    /**
     * What the waiting task instance {@code key} becomes now, if anything.
     *
     * @param upstreams each task's standing as an upstream; {@code null} for a task without task instances in the run
     */
    static Optional<DependencyTransition> decide(Dag dag, TaskInstanceKey key, Function<String, Upstream> upstreams) {
        Optional<TaskDefinition> task = dag.task(key.taskId());
        if (task.isEmpty()) {
            return Optional.of(new DependencyTransition(key, TaskState.NONE, TaskState.REMOVED,
                    "task " + key.taskId() + " is no longer in DAG " + dag.dagId()));
        }
        return decide(task.get(), upstreams).map(decision ->
                new DependencyTransition(key, TaskState.NONE, decision.state(), decision.reason()));
    }

    private record Decision(TaskState state, String reason) {}

    private static Optional<Decision> decide(TaskDefinition task, Function<String, Upstream> upstreams) {
        String pending = null;
        String skipped = null;
        for (String upstreamId : task.dependsOn()) {
            Upstream upstream = upstreams.apply(upstreamId);
            switch (upstream == null ? Upstream.SUCCEEDED : upstream) {
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
        Map<String, UpstreamTally> tallies = new LinkedHashMap<>();
        for (TaskInstance ti : runTaskInstances) {
            tallies.computeIfAbsent(ti.key().taskId(), id -> new UpstreamTally()).add(ti.state());
        }
        Map<String, Upstream> result = new LinkedHashMap<>();
        tallies.forEach((taskId, tally) -> result.put(taskId, tally.standing()));
        return result;
    }

    /** The states of one task's task instances, counted as far as its standing as an upstream needs. */
    static final class UpstreamTally {

        private int unfinished;
        private int failed;
        private int skipped;

        void add(TaskState state) {
            count(state, 1);
        }

        void remove(TaskState state) {
            count(state, -1);
        }

        private void count(TaskState state, int by) {
            if (!state.isFinished()) {
                unfinished += by;
            } else if (state == TaskState.FAILED || state == TaskState.UPSTREAM_FAILED) {
                failed += by;
            } else if (state == TaskState.SKIPPED) {
                skipped += by;
            }
        }

        Upstream standing() {
            if (unfinished > 0) {
                return Upstream.PENDING;
            }
            if (failed > 0) {
                return Upstream.FAILED;
            }
            return skipped > 0 ? Upstream.SKIPPED : Upstream.SUCCEEDED;
        }
    }
}
