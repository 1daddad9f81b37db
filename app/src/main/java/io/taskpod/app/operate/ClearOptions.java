package io.taskpod.app.operate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code tasks clear} and {@code POST /dags/{id}/clearTaskInstances} select (Airflow's options): tasks by regex
 * (all without one) with their upstream or downstream tasks; runs by id, or by a range of logical dates (all without
 * either); and task instances by state (only failed, only running; all without either).
 *
 * @param taskIds exact task ids (the API's {@code task_ids}); combined with the regex when both are given
 */
public record ClearOptions(Optional<Pattern> taskRegex, List<String> taskIds, Optional<String> runId,
        Optional<Instant> startDate, Optional<Instant> endDate, boolean onlyFailed, boolean onlyRunning,
        boolean upstream, boolean downstream) {

    public ClearOptions {
        taskIds = List.copyOf(taskIds);
    }

    /** The options in words, for the audit log. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        taskRegex.ifPresent(regex -> parts.add("task_regex=" + regex.pattern()));
        if (!taskIds.isEmpty()) {
            parts.add("task_ids=" + taskIds);
        }
        runId.ifPresent(id -> parts.add("run_id=" + id));
        startDate.ifPresent(date -> parts.add("start_date=" + date));
        endDate.ifPresent(date -> parts.add("end_date=" + date));
        if (onlyFailed) {
            parts.add("only_failed");
        }
        if (onlyRunning) {
            parts.add("only_running");
        }
        if (upstream) {
            parts.add("upstream");
        }
        if (downstream) {
            parts.add("downstream");
        }
        return parts.isEmpty() ? "every task instance of every run" : String.join(", ", parts);
    }
}
