package io.taskpod.app.worker;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.ProcessWorkerLauncher;
import io.taskpod.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds the scheduler's LocalExecutor: workers are this JVM's {@code taskpod tasks run}, told where config and database are. */
public final class LocalExecutors {

    /** Time on top of {@code killed_task_cleanup_time} a stopping worker gets to record the failure. */
    static final Duration RECORD_GRACE = Duration.ofSeconds(10);
    /** Folder under the taskpod home holding each running worker's stderr (deleted when the worker exits). */
    static final String WORKER_OUTPUT_FOLDER = "workers";

    private LocalExecutors() {}

    /**
     * @param configFile the {@code --config} file the scheduler was started with, if any
     * @param database the database the scheduler uses (for an embedded server: its resolved URL)
     */
    public static LocalExecutor create(Config config, Optional<Path> configFile, DatabaseSettings database) {
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(CurrentJvm.taskpodCommand(),
                workerEnvironment(config, configFile, database), config.home().resolve(WORKER_OUTPUT_FOLDER));
        return new LocalExecutor(config.get(CoreConfigKeys.PARALLELISM), launcher, WorkerHost.hostname(System.getenv()),
                config.get(CoreConfigKeys.KILLED_TASK_CLEANUP_TIME).plus(RECORD_GRACE));
    }

    /**
     * What a worker needs on top of the scheduler's own environment (which it inherits): the home folder, the
     * configuration file, and the database actually in use, so that a worker of an embedded database finds it.
     */
    static Map<String, String> workerEnvironment(Config config, Optional<Path> configFile, DatabaseSettings database) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ConfigLoader.HOME_ENV, config.home().toString());
        configFile.ifPresent(file -> environment.put(ConfigLoader.CONFIG_ENV, file.toAbsolutePath().normalize().toString()));
        if (!database.url().isBlank()) {
            environment.put("TASKPOD__DATABASE__URL", database.url());
            environment.put("TASKPOD__DATABASE__USER", database.user());
            if (!database.password().isEmpty()) {
                environment.put("TASKPOD__DATABASE__PASSWORD", database.password());
            }
        }
        return environment;
    }
}
