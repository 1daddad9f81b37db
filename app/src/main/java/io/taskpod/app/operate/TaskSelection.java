package io.taskpod.app.operate;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tasks of a DAG an action reaches (Airflow's {@code partial_subset}): those whose id the regex finds a match
 * in (all when there is none), plus, when asked, everything upstream or downstream of them. In DAG order.
 */
public final class TaskSelection {

    private TaskSelection() {}

    public static Set<String> select(Dag dag, Optional<Pattern> taskRegex, boolean upstream, boolean downstream) {
        Set<String> roots = new LinkedHashSet<>();
        for (String taskId : dag.tasks().keySet()) {
            if (taskRegex.isEmpty() || taskRegex.get().matcher(taskId).find()) {
                roots.add(taskId);
            }
        }
        return expand(dag, roots, upstream, downstream);
    }

    /** {@code roots} with, when asked, every task upstream or downstream of them; in DAG order. */
    public static Set<String> expand(Dag dag, Set<String> roots, boolean upstream, boolean downstream) {
        Set<String> reached = new LinkedHashSet<>(roots);
        if (upstream) {
            walk(roots, reached, taskId -> dag.task(taskId).map(TaskDefinition::dependsOn).orElse(List.of()));
        }
        if (downstream) {
            walk(roots, reached, dag::downstreamOf);
        }
        Set<String> ordered = new LinkedHashSet<>();
        dag.tasks().keySet().stream().filter(reached::contains).forEach(ordered::add);
        return ordered;
    }

    private interface Neighbours {
        List<String> of(String taskId);
    }

    private static void walk(Set<String> roots, Set<String> reached, Neighbours neighbours) {
        Deque<String> todo = new ArrayDeque<>(roots);
        Set<String> seen = new LinkedHashSet<>(roots);
        while (!todo.isEmpty()) {
            for (String next : neighbours.of(todo.pop())) {
                if (seen.add(next)) {
                    reached.add(next);
                    todo.push(next);
                }
            }
        }
    }
}
