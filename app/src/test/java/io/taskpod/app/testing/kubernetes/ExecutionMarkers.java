package io.taskpod.app.testing.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts how often each try of a task instance actually ran: a task's command appends a line with its try number
 * and its pod to the task instance's marker file ({@link #record()}), so a duplicate execution leaves a second
 * line however it came about (a second pod, a restarted scheduler, a stale worker).
 */
public final class ExecutionMarkers {

    private final Path folder;

    ExecutionMarkers(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bash line for a DAG task: appends {@code <try> <pod>} to this task instance's marker file. */
    public String record() {
        return "echo \"$TASKPOD_TRY_NUMBER $HOSTNAME\" >> \"" + folder
                + "/$TASKPOD_DAG_ID.$TASKPOD_TASK_ID.$TASKPOD_MAP_INDEX\"";
    }

    /** How many times each try ran, by try number (a try that never ran is absent). */
    public Map<Integer, Long> perTry(String dagId, String taskId, int mapIndex) {
        return lines(dagId, taskId, mapIndex).stream()
                .collect(Collectors.groupingBy(line -> Integer.parseInt(line.split(" ")[0]), TreeMap::new,
                        Collectors.counting()));
    }

    /** The lines written so far: {@code <try> <pod hostname>} per execution. */
    public List<String> lines(String dagId, String taskId, int mapIndex) {
        Path file = folder.resolve(dagId + "." + taskId + "." + mapIndex);
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
