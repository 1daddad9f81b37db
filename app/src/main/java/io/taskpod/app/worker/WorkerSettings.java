package io.taskpod.app.worker;

import io.taskpod.app.remotelog.LogUploads;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration a worker uses.
 *
 * @param heartbeatInterval {@code [scheduler] task_instance_heartbeat_sec}
 * @param killGrace {@code [core] killed_task_cleanup_time}: how long a stopped task gets between SIGTERM and SIGKILL
 * @param stateWriteTimeout {@code [scheduler] worker_state_write_timeout}
 * @param queueNotice what the task log says about a task's queue, e.g. that a Kubernetes queue runs locally here
 * @param logUploads uploads of try logs to the remote store ({@code [logging] remote_logging}), or none
 */
public record WorkerSettings(Path dagsFolder, Path baseLogFolder, Duration heartbeatInterval, Duration killGrace,
        Duration stateWriteTimeout, Function<String, Optional<String>> queueNotice, LogUploads logUploads) {

    /** Settings without remote logging. */
    public WorkerSettings(Path dagsFolder, Path baseLogFolder, Duration heartbeatInterval, Duration killGrace,
            Duration stateWriteTimeout, Function<String, Optional<String>> queueNotice) {
        this(dagsFolder, baseLogFolder, heartbeatInterval, killGrace, stateWriteTimeout, queueNotice, LogUploads.NONE);
    }

    public WorkerSettings {
        Objects.requireNonNull(dagsFolder, "dagsFolder");
        Objects.requireNonNull(baseLogFolder, "baseLogFolder");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(killGrace, "killGrace");
        Objects.requireNonNull(stateWriteTimeout, "stateWriteTimeout");
        Objects.requireNonNull(logUploads, "logUploads");
    }

    public static WorkerSettings from(Config config) {
        return new WorkerSettings(
                Path.of(config.get(CoreConfigKeys.DAGS_FOLDER)).toAbsolutePath().normalize(),
                Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)).toAbsolutePath().normalize(),
                config.get(CoreConfigKeys.TASK_INSTANCE_HEARTBEAT_SEC),
                config.get(CoreConfigKeys.KILLED_TASK_CLEANUP_TIME),
                config.get(CoreConfigKeys.WORKER_STATE_WRITE_TIMEOUT),
                queue -> KubernetesQueues.runLocally(config).contains(queue)
                        ? Optional.of(KubernetesQueues.notice(queue, config)) : Optional.empty(),
                RemoteLogs.uploadsOf(config));
    }
}
