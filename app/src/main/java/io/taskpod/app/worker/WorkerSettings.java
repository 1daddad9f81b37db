package io.taskpod.app.worker;

import io.taskpod.app.runtime.KubernetesQueues;
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
 */
public record WorkerSettings(Path dagsFolder, Path baseLogFolder, Duration heartbeatInterval, Duration killGrace,
        Duration stateWriteTimeout, Function<String, Optional<String>> queueNotice) {

    public WorkerSettings {
        Objects.requireNonNull(dagsFolder, "dagsFolder");
        Objects.requireNonNull(baseLogFolder, "baseLogFolder");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(killGrace, "killGrace");
        Objects.requireNonNull(stateWriteTimeout, "stateWriteTimeout");
    }

    public static WorkerSettings from(Config config) {
        return new WorkerSettings(
                Path.of(config.get(CoreConfigKeys.DAGS_FOLDER)).toAbsolutePath().normalize(),
                Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)).toAbsolutePath().normalize(),
                config.get(CoreConfigKeys.TASK_INSTANCE_HEARTBEAT_SEC),
                config.get(CoreConfigKeys.KILLED_TASK_CLEANUP_TIME),
                config.get(CoreConfigKeys.WORKER_STATE_WRITE_TIMEOUT),
                queue -> KubernetesQueues.runLocally(config).contains(queue)
                        ? Optional.of(KubernetesQueues.notice(queue, config)) : Optional.empty());
    }
}
