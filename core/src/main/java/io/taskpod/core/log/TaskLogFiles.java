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

    /** Where appended lines also go: the remote copy of a try's log, when remote logging is on. */
    @FunctionalInterface
    public interface LineCopy {

        /** Takes one line (with its line separator) to append; must return at once and never throw. */
        void append(TaskInstanceKey key, String line);

        /** Appends nowhere. */
        LineCopy NONE = (key, line) -> {};
    }

    private final Path baseFolder;
    private final Clock clock;
    private final LineCopy copy;

    public TaskLogFiles(Path baseFolder, Clock clock) {
        this(baseFolder, clock, LineCopy.NONE);
    }

    /** @param copy where {@link #appendLine} also appends (the remote copy), besides the file */
    public TaskLogFiles(Path baseFolder, Clock clock, LineCopy copy) {
        this.baseFolder = Objects.requireNonNull(baseFolder, "baseFolder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.copy = Objects.requireNonNull(copy, "copy");
    }

    public Path baseFolder() {
        return baseFolder;
    }

    /** The log file of one try. Ids are used verbatim except that path separators are replaced by {@code _}. */
    public Path pathOf(TaskInstanceKey key) {
        return baseFolder.resolve(relativePathOf(key));
    }

    /** The log of one try relative to the base folder, {@code /}-separated: also its key in a remote store. */
    public static String relativePathOf(TaskInstanceKey key) {
        return "dag_id=" + safe(key.dagId()) + "/run_id=" + safe(key.runId()) + "/task_id=" + safe(key.taskId())
                + (key.isMapped() ? "/map_index=" + key.mapIndex() : "") + "/attempt=" + key.tryNumber() + ".log";
    }

    /**
     * Appends one line, prefixed with a timestamp and the source (e.g. {@code scheduler}), creating the file, and
     * hands it to the remote copy.
     */
    public void appendLine(TaskInstanceKey key, String source, String message) {
        Path file = pathOf(key);
        String line = "[" + Instant.now(clock) + "] {" + source + "} " + message + System.lineSeparator();
        copy.append(key, line);
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
