package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskpod.core.model.TaskInstance;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Prints the task instances of a run as a table or as JSON. */
final class TaskStatesTable {

    private static final int REASON_WIDTH = 80;

    private TaskStatesTable() {}

    static void printTable(PrintWriter out, List<TaskInstance> taskInstances) {
        int idWidth = Math.max(7, taskInstances.stream().mapToInt(ti -> label(ti).length()).max().orElse(0));
        String format = "%-" + idWidth + "s  %-15s  %3s  %-20s  %8s  %s%n";
        out.printf(format, "task_id", "state", "try", "started", "duration", "failure_reason");
        for (TaskInstance ti : taskInstances) {
            out.printf(format, label(ti), ti.state().dbValue(), ti.key().tryNumber(),
                    ti.startedAt().map(CliText::time).orElse(""),
                    duration(ti.startedAt(), ti.endedAt()), ti.failureReason().map(TaskStatesTable::shorten).orElse(""));
        }
    }

    static String json(List<TaskInstance> taskInstances) throws JsonProcessingException {
        List<Map<String, Object>> rows = taskInstances.stream().map(ti -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dag_id", ti.key().dagId());
            row.put("run_id", ti.key().runId());
            row.put("task_id", ti.key().taskId());
            row.put("map_index", ti.key().mapIndex());
            row.put("state", ti.state().dbValue());
            row.put("try_number", ti.key().tryNumber());
            row.put("max_tries", ti.maxTries());
            row.put("queue", ti.queue());
            row.put("executor", ti.executor().orElse(null));
            row.put("queued_by", ti.queuedBy().orElse(null));
            row.put("external_executor_id", ti.externalExecutorId().orElse(null));
            row.put("hostname", ti.hostname().orElse(null));
            row.put("queued_at", ti.queuedAt().map(Instant::toString).orElse(null));
            row.put("started_at", ti.startedAt().map(Instant::toString).orElse(null));
            row.put("ended_at", ti.endedAt().map(Instant::toString).orElse(null));
            row.put("failure_reason", ti.failureReason().orElse(null));
            return row;
        }).toList();
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows);
    }

    private static String label(TaskInstance ti) {
        return ti.key().taskId() + (ti.key().isMapped() ? "[" + ti.key().mapIndex() + "]" : "");
    }

    private static String duration(Optional<Instant> started, Optional<Instant> ended) {
        if (started.isEmpty() || ended.isEmpty()) {
            return "";
        }
        Duration duration = Duration.between(started.get(), ended.get());
        return String.format("%.1fs", duration.toMillis() / 1000.0);
    }

    private static String shorten(String reason) {
        String oneLine = reason.replaceAll("\\s+", " ");
        return oneLine.length() <= REASON_WIDTH ? oneLine : oneLine.substring(0, REASON_WIDTH - 1) + "…";
    }
}
