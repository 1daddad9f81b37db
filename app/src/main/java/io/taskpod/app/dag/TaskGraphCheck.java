package io.taskpod.app.dag;

import io.taskpod.core.dag.TaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks a DAG's task graph: every upstream exists, no task depends on itself, no dependency cycle. */
final class TaskGraphCheck {

    private enum Mark { VISITING, DONE }

    private final Problems problems;

    TaskGraphCheck(Problems problems) {
        this.problems = problems;
    }

    void check(Map<String, TaskDefinition> tasks) {
        boolean edgesValid = true;
        for (TaskDefinition task : tasks.values()) {
            for (String upstream : task.dependsOn()) {
                if (upstream.equals(task.taskId())) {
                    problems.add(task.line(), field(task), "task '" + task.taskId() + "' depends on itself");
                    edgesValid = false;
                } else if (!tasks.containsKey(upstream)) {
                    problems.add(task.line(), field(task), "unknown upstream task '" + upstream + "'; tasks in this DAG: "
                            + tasks.keySet());
                    edgesValid = false;
                }
            }
        }
        if (edgesValid) {
            findCycle(tasks).ifPresent(cycle -> problems.add(tasks.get(cycle.getFirst()).line(),
                    field(tasks.get(cycle.getFirst())), "dependency cycle (each task depends on the next): " + String.join(" -> ", cycle)));
        }
    }

    private static String field(TaskDefinition task) {
        return "tasks[" + task.taskId() + "].depends_on";
    }

    private static Optional<List<String>> findCycle(Map<String, TaskDefinition> tasks) {
        Map<String, Mark> marks = new HashMap<>();
        for (String start : tasks.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(start, tasks, marks, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String taskId, Map<String, TaskDefinition> tasks,
            Map<String, Mark> marks, List<String> path) {
        Mark mark = marks.get(taskId);
        if (mark == Mark.DONE) {
            return Optional.empty();
        }
        if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(taskId), path.size()));
            cycle.add(taskId);
            return Optional.of(cycle);
        }
        marks.put(taskId, Mark.VISITING);
        path.add(taskId);
        for (String upstream : tasks.get(taskId).dependsOn()) {
            Optional<List<String>> cycle = visit(upstream, tasks, marks, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.removeLast();
        marks.put(taskId, Mark.DONE);
        return Optional.empty();
    }
}
