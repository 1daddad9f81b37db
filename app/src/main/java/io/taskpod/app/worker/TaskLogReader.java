package io.taskpod.app.worker;

import io.taskpod.core.config.ConfigException;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.logs.PodReference;
import io.taskpod.kubernetes.logs.RunningPodLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the log of one try, as {@code taskpod tasks logs} and the API's log endpoint show it: the file under
 * {@code [logging] base_log_folder}; while that does not exist yet and the database says the try runs in a pod, the
 * tail of the pod's log read through the Kubernetes API ({@link RunningPodLog}). Without a try number, the task
 * instance's current try ({@link TaskLogLookup}).
 */
public final class TaskLogReader {

    /** Reads a task instance's row; asked only when the try number or the pod is needed. */
    @FunctionalInterface
    public interface TaskInstances {
        Optional<TaskInstance> find(TaskInstanceId id);
    }

    /** Reads the tail of a running pod's log, with a header saying where it comes from. */
    @FunctionalInterface
    public interface PodLogTail {

        /** @throws RunningPodLogs.PodLogException when the pod's log cannot be read */
        String read(Path missingFile, PodReference pod);
    }

    /** Where a try's log is. */
    public sealed interface TaskLog {
        TaskInstanceKey key();
    }

    /** The try's log file. */
    public record LogFile(TaskInstanceKey key, Path file) implements TaskLog {}

    /** The tail of the log of the pod the try runs in, read while its log file does not exist yet. */
    public record PodLog(TaskInstanceKey key, PodReference pod, String text) implements TaskLog {}

    /**
     * The try's log cannot be shown. {@link #getMessage()} says where the file was looked for, for the CLI;
     * {@link #reason()} says what is missing without naming paths of the server, for HTTP answers.
     */
    public static final class LogUnavailable extends RuntimeException {

        /** Why the log cannot be shown. */
        public enum Kind {
            /** The log file does not exist and no running pod stands in for it. */
            NO_LOG,
            /** The try runs in a pod whose log could not be read (Kubernetes API unreachable, RBAC, configuration). */
            POD_LOG_UNREADABLE
        }

        private final Kind kind;
        private final String reason;

        LogUnavailable(Kind kind, String reason, String message) {
            super(message);
            this.kind = kind;
            this.reason = reason;
        }

        public Kind kind() {
            return kind;
        }

        /** What is wrong, without the log file's path. */
        public String reason() {
            return reason;
        }
    }

    private final TaskLogFiles files;
    private final TaskInstances taskInstances;
    private final PodLogTail pods;

    public TaskLogReader(TaskLogFiles files, TaskInstances taskInstances, PodLogTail pods) {
        this.files = files;
        this.taskInstances = taskInstances;
        this.pods = pods;
    }

    /**
     * The log of try {@code tryNumber} of the task instance, or of its current try.
     *
     * @throws WorkerError when there is no such task instance, or it has not been tried yet (without a try number)
     * @throws LogUnavailable when the try has no log file and no running pod's log can stand in for it
     */
    public TaskLog read(TaskInstanceId id, Optional<Integer> tryNumber) {
        Optional<TaskInstance> current = tryNumber.isPresent() ? Optional.empty() : taskInstances.find(id);
        TaskInstanceKey key = tryNumber.map(id::withTry).orElseGet(() -> TaskLogLookup.latestKey(id, current));
        Path file = files.pathOf(key);
        if (Files.isRegularFile(file)) {
            return new LogFile(key, file);
        }
        String missing = "no log for " + key + " yet";
        String where = missing + ": " + file + " does not exist";
        Optional<TaskInstance> row = tryNumber.isPresent() ? taskInstances.find(id) : current;
        PodReference pod = row.flatMap(ti -> RunningPodLog.podOf(ti, key)).orElseThrow(() -> new LogUnavailable(
                LogUnavailable.Kind.NO_LOG, missing + ": its log file does not exist and it runs in no pod", where));
        try {
            return new PodLog(key, pod, pods.read(file, pod));
        } catch (RunningPodLogs.PodLogException | ConfigException e) {
            throw new LogUnavailable(LogUnavailable.Kind.POD_LOG_UNREADABLE, missing + ": its log file does not "
                    + "exist, and the log of its pod " + pod + " could not be read: " + e.getMessage(),
                    where + ", and " + e.getMessage());
        }
    }
}
