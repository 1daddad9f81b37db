package io.taskpod.app.logs;

import io.taskpod.app.remotelog.RemoteLogException;
import io.taskpod.app.remotelog.RemoteLogs;
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
 * tail of the pod's log read through the Kubernetes API ({@link RunningPodLog}). With remote logging, a try that is
 * no longer queued or running is read from its remote copy first (it has the whole log, the scheduler's lines
 * included), and a running try's remote copy stands in when neither its file nor its pod's log can be read. Without a
 * try number, the task instance's current try ({@link TaskLogLookup}). Each {@link TaskLog} says which source it is.
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

    /** Reads the remote copy of a try's log ({@code [logging] remote_logging}). */
    @FunctionalInterface
    public interface RemoteCopies {

        /** @throws RemoteLogException when the store cannot be read */
        Optional<RemoteLogs.RemoteCopy> read(TaskInstanceKey key);
    }

    /** Where a try's log is. */
    public sealed interface TaskLog {
        TaskInstanceKey key();

        /** Which source this is: {@code file}, {@code remote} or {@code pod}. */
        String source();
    }

    /** The try's log file. */
    public record LogFile(TaskInstanceKey key, Path file) implements TaskLog {
        @Override
        public String source() {
            return "file";
        }
    }

    /** The tail of the log of the pod the try runs in, read while its log file does not exist yet. */
    public record PodLog(TaskInstanceKey key, PodReference pod, String text) implements TaskLog {
        @Override
        public String source() {
            return "pod";
        }
    }

    /** The remote copy of the try's log, at {@code location} ({@code s3://…}). */
    public record RemoteLog(TaskInstanceKey key, String location, String text) implements TaskLog {
        @Override
        public String source() {
            return "remote";
        }

        /** A line saying where the text comes from, for the CLI and the API. */
        public String header() {
            return "*** remote copy " + location + "\n";
        }
    }

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
            POD_LOG_UNREADABLE,
            /** The log is only in the remote store, which could not be read. */
            REMOTE_UNREADABLE
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
    private final Optional<RemoteCopies> remote;

    /** A reader without remote logging. */
    public TaskLogReader(TaskLogFiles files, TaskInstances taskInstances, PodLogTail pods) {
        this(files, taskInstances, pods, Optional.empty());
    }

    public TaskLogReader(TaskLogFiles files, TaskInstances taskInstances, PodLogTail pods,
            Optional<RemoteCopies> remote) {
        this.files = files;
        this.taskInstances = taskInstances;
        this.pods = pods;
        this.remote = remote;
    }

    /**
     * The log of try {@code tryNumber} of the task instance, or of its current try.
     *
     * @throws NoSuchTryException when there is no such task instance, or it has not been tried yet (without a try number)
     * @throws LogUnavailable when the try has no log file and no running pod's log can stand in for it
     */
    public TaskLog read(TaskInstanceId id, Optional<Integer> tryNumber) {
        Optional<TaskInstance> current = tryNumber.isPresent() ? Optional.empty() : taskInstances.find(id);
        TaskInstanceKey key = tryNumber.map(id::withTry).orElseGet(() -> TaskLogLookup.latestKey(id, current));
        Path file = files.pathOf(key);
        if (remote.isEmpty() && Files.isRegularFile(file)) {
            return new LogFile(key, file);
        }
        Optional<TaskInstance> row = tryNumber.isPresent() ? taskInstances.find(id) : current;
        boolean executing = row.filter(ti -> ti.key().tryNumber() == key.tryNumber() && ti.state().isExecuting())
                .isPresent();
        RemoteAttempt remoteCopy = new RemoteAttempt(key);
        if (!executing && remoteCopy.found().isPresent()) {
            return remoteCopy.found().get();
        }
        if (Files.isRegularFile(file)) {
            return new LogFile(key, file);
        }
        String missing = "no log for " + key + " yet";
        String where = missing + ": " + file + " does not exist";
        Optional<PodReference> pod = row.flatMap(ti -> RunningPodLog.podOf(ti, key));
        if (pod.isEmpty()) {
            return remoteCopy.orElseThrow(new LogUnavailable(LogUnavailable.Kind.NO_LOG,
                    missing + ": its log file does not exist" + (remote.isPresent() ? ", the remote store has no copy"
                            : "") + " and it runs in no pod", where));
        }
        try {
            return new PodLog(key, pod.get(), pods.read(file, pod.get()));
        } catch (RunningPodLogs.PodLogException | ConfigException e) {
            return remoteCopy.orElseThrow(new LogUnavailable(LogUnavailable.Kind.POD_LOG_UNREADABLE, missing
                    + ": its log file does not exist, and the log of its pod " + pod.get() + " could not be read: "
                    + e.getMessage(), where + ", and " + e.getMessage()));
        }
    }

    /** The remote copy of one try, read at most once, and why it could not be read. */
    private final class RemoteAttempt {
        private final TaskInstanceKey key;
        private Optional<TaskLog> found;
        private RemoteLogException failure;

        RemoteAttempt(TaskInstanceKey key) {
            this.key = key;
        }

        Optional<TaskLog> found() {
            if (found == null) {
                try {
                    found = remote.flatMap(copies -> copies.read(key))
                            .map(copy -> new RemoteLog(key, copy.location(), copy.text()));
                } catch (RemoteLogException e) {
                    failure = e;
                    found = Optional.empty();
                }
            }
            return found;
        }

        /** The remote copy, else {@code otherwise}, or a failure to read the remote store when that was the cause. */
        TaskLog orElseThrow(LogUnavailable otherwise) {
            Optional<TaskLog> copy = found();
            if (copy.isPresent()) {
                return copy.get();
            }
            if (failure != null && otherwise.kind() == LogUnavailable.Kind.NO_LOG) {
                throw new LogUnavailable(LogUnavailable.Kind.REMOTE_UNREADABLE, "no log for " + key
                        + ": its log file does not exist and the remote store could not be read",
                        otherwise.getMessage() + ", and " + failure.getMessage());
            }
            throw otherwise;
        }
    }
}
