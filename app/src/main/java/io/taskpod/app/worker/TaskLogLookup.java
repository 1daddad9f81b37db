package io.taskpod.app.worker;

import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.worker.TryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the log file of a try for {@code tasks logs}, with a clear message when there is none (yet). */
public final class TaskLogLookup {

    private TaskLogLookup() {}

    /**
     * The log file of one try.
     *
     * @throws WorkerError naming the try and the file when the file does not exist
     */
    public static Path ofTry(TaskLogFiles logFiles, TaskInstanceKey key) {
        return existing(logFiles.pathOf(key), "no log for " + key + " yet");
    }

    /**
     * The log file of the task instance's current try, as the database has it.
     *
     * @throws WorkerError when there is no such task instance, it has not been tried yet, or its log does not exist
     */
    public static Path latest(TaskLogFiles logFiles, TaskInstanceId id, Optional<TryState> current) {
        TryState row = current.orElseThrow(() -> new WorkerError("there is no task instance " + id + " in the database"));
        if (row.tryNumber() == 0) {
            throw new WorkerError("task instance " + id + " has not run yet (state " + row.state().dbValue() + "): no log");
        }
        TaskInstanceKey key = id.withTry(row.tryNumber());
        return existing(logFiles.pathOf(key), "no log for " + key + " yet (state " + row.state().dbValue() + ")");
    }

    private static Path existing(Path file, String missing) {
        if (!Files.isRegularFile(file)) {
            throw new WorkerError(missing + ": " + file + " does not exist");
        }
        return file;
    }
}
