package io.taskpod.app.remotelog;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remote logging of this process, when {@code [logging] remote_logging} is on: one store client, one upload timer,
 * one line-append thread and one failure count per store, shared by everything the process runs (a scheduler's
 * executors, its API, its LocalExecutor's tries).
 */
public final class RemoteLogs {

    /** A try's log as the remote store has it. */
    public record RemoteCopy(String location, String text) {}

    private static final Map<RemoteLogSettings, RemoteLogs> OPEN = new ConcurrentHashMap<>();

    private final RemoteLogSettings settings;
    private final RemoteLogStore store;
    private final UploadFailures failures = new UploadFailures();
    private final RemoteLineAppends appends;
    private volatile RemoteLogUploads uploads;

    private RemoteLogs(RemoteLogSettings settings, RemoteLogStore store) {
        this.settings = settings;
        this.store = store;
        this.appends = new RemoteLineAppends(store, failures);
    }

    /**
     * This process's remote logging, or empty when it is off.
     *
     * @throws io.taskpod.core.config.ConfigException naming the key when a setting is wrong
     */
    public static Optional<RemoteLogs> of(Config config) {
        return RemoteLogSettings.from(config).map(settings -> OPEN.computeIfAbsent(settings,
                open -> new RemoteLogs(open, S3LogStore.connect(open))));
    }

    /** {@link #uploads()} of this process, or {@link LogUploads#NONE} when remote logging is off. */
    public static LogUploads uploadsOf(Config config) {
        return of(config).<LogUploads>map(RemoteLogs::uploads).orElse(LogUploads.NONE);
    }

    /** The task log files of {@code [logging] base_log_folder}, whose appended lines also go to the remote copy. */
    public static TaskLogFiles taskLogFiles(Config config, Clock clock) {
        return new TaskLogFiles(Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), clock,
                of(config).map(remote -> (TaskLogFiles.LineCopy) remote.appends).orElse(TaskLogFiles.LineCopy.NONE));
    }

    /** Uploads of try logs, at intervals and at the end. */
    public LogUploads uploads() {
        RemoteLogUploads current = uploads;
        if (current == null) {
            synchronized (this) {
                if (uploads == null) {
                    uploads = new RemoteLogUploads(store, settings.uploadInterval(), settings.uploadTimeout(), failures,
                            Clock.systemUTC());
                }
                current = uploads;
            }
        }
        return current;
    }

    /**
     * The remote copy of a try's log, or empty when the store has none.
     *
     * @throws RemoteLogException when the store cannot be read
     */
    public Optional<RemoteCopy> read(TaskInstanceKey key) {
        String relativePath = TaskLogFiles.relativePathOf(key);
        return store.get(relativePath).map(bytes -> new RemoteCopy(store.location(relativePath),
                new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Failed uploads and appends of this process so far. */
    public UploadFailures failures() {
        return failures;
    }
}
