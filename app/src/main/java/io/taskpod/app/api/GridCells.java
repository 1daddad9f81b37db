package io.taskpod.app.api;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cell of the grid per task of a run: the state of an unmapped task instance, or for a mapped task the state that
 * needs attention first among its map indices ({@link #PRIORITY}, Airflow's order for mapped task summaries) with how
 * many map indices are in each state.
 */
final class GridCells {

    /** Most urgent first: what a mapped task's cell shows when its map indices disagree. */
    static final List<TaskState> PRIORITY = List.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED,
            TaskState.UP_FOR_RETRY, TaskState.QUEUED, TaskState.SCHEDULED, TaskState.RUNNING, TaskState.RESTARTING,
            TaskState.NONE, TaskState.REMOVED, TaskState.SKIPPED, TaskState.SUCCESS);

    /**
     * A task's cell in one run.
     *
     * @param tryNumber the highest try of its task instances
     * @param mapCount how many map indices a mapped task has; null for an unmapped task
     * @param states how many map indices are in each state; null for an unmapped task
     */
    record Cell(String state, int tryNumber, Integer mapCount, Map<String, Integer> states) {}

    private GridCells() {}

    /** The cells of one run's task instances, by task id in the order the task instances come. */
    static Map<String, Cell> of(List<TaskInstance> taskInstances) {
        Map<String, List<TaskInstance>> byTask = new LinkedHashMap<>();
        for (TaskInstance ti : taskInstances) {
            byTask.computeIfAbsent(ti.key().taskId(), id -> new java.util.ArrayList<>()).add(ti);
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        byTask.forEach((taskId, instances) -> cells.put(taskId, cell(instances)));
        return cells;
    }

    private static Cell cell(List<TaskInstance> instances) {
        int tryNumber = instances.stream().mapToInt(ti -> ti.key().tryNumber()).max().orElse(0);
        boolean mapped = instances.stream().anyMatch(ti -> ti.key().mapIndex() >= 0);
        if (!mapped) {
            return new Cell(instances.getFirst().state().dbValue(), tryNumber, null, null);
        }
        Map<TaskState, Integer> counts = new TreeMap<>();
        instances.forEach(ti -> counts.merge(ti.state(), 1, Integer::sum));
        TaskState shown = PRIORITY.stream().filter(counts::containsKey).findFirst().orElseThrow();
        Map<String, Integer> states = new LinkedHashMap<>();
        PRIORITY.stream().filter(counts::containsKey).forEach(state -> states.put(state.dbValue(), counts.get(state)));
        return new Cell(shown.dbValue(), tryNumber, instances.size(), states);
    }
}
