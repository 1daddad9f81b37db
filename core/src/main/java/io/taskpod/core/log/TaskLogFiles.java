package io.taskpod.core.log;

import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The task log layout under {@code [logging] base_log_folder}:
 * {@code dag_id=…/run_id=…/task_id=…/[map_index=…/]attempt=N.log}. The worker writes the task's output there;
 * executors and the scheduler append their own lines, so a user reading the log also sees why a try failed
 * outside the task (for example a pod that never started).
 */
public final class TaskLogFiles {

    private final Path baseFolder;
    private final Clock clock;

    public TaskLogFiles(Path baseFolder, Clock clock) {
        this.baseFolder = Objects.requireNonNull(baseFolder, "baseFolder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path baseFolder() {
        return baseFolder;
    }

    /** The log file of one try. Ids are used verbatim except that path separators are replaced by {@code _}. */
    public Path pathOf(TaskInstanceKey key) {
        Path dir = baseFolder.resolve("dag_id=" + safe(key.dagId()))
                .resolve("run_id=" + safe(key.runId()))
                .resolve("task_id=" + safe(key.taskId()));
        if (key.isMapped()) {
            dir = dir.resolve("map_index=" + key.mapIndex());
        }
        return dir.resolve("attempt=" + key.tryNumber() + ".log");
    }

    /** Appends one line, prefixed with a timestamp and the source (e.g. {@code scheduler}), creating the file. */
    public void appendLine(TaskInstanceKey key, String source, String message) {
        Path file = pathOf(key);
        String line = "[" + Instant.now(clock) + "] {" + source + "} " + message + System.lineSeparator();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to task log " + file, e);
        }
    }

    private static String safe(String id) {
        String replaced = id.replace('/', '_').replace('\\', '_');
        return replaced.equals(".") || replaced.equals("..") ? "_" + replaced : replaced;
    }
}
