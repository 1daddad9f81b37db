package io.taskpod.app.cli;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One line saying how far a run is: {@code 3/5 finished (success 2, failed 1); running 1, queued 1}. */
final class RunProgress {

    private RunProgress() {}

    static String describe(List<TaskInstance> taskInstances) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        taskInstances.forEach(ti -> counts.merge(ti.state(), 1, Integer::sum));
        long finished = taskInstances.stream().filter(ti -> ti.state().isFinished()).count();
        String done = counts.entrySet().stream().filter(e -> e.getKey().isFinished())
                .map(e -> e.getKey().dbValue() + " " + e.getValue()).collect(Collectors.joining(", "));
        String open = counts.entrySet().stream().filter(e -> !e.getKey().isFinished())
                .map(e -> e.getKey().dbValue() + " " + e.getValue()).collect(Collectors.joining(", "));
        return finished + "/" + taskInstances.size() + " finished" + (done.isEmpty() ? "" : " (" + done + ")")
                + (open.isEmpty() ? "" : "; " + open);
    }
}
