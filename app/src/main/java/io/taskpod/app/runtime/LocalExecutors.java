package io.taskpod.app.runtime;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.worker.LocalTaskRunner;
import io.taskpod.app.worker.WorkerHost;
import io.taskpod.app.worker.WorkerSettings;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.TaskWatchdog;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the LocalExecutor: tries run by a {@link LocalTaskRunner} in this process, claiming and recording them on a
 * connection pool of their own, so that the scheduler's loop never waits for a connection behind them.
 */
public final class LocalExecutors {

    /** Time on top of {@code killed_task_cleanup_time} a stopping task gets for its failure to be recorded. */
    static final Duration RECORD_GRACE = Duration.ofSeconds(10);
    /** Most connections the tries of one LocalExecutor use at once (claims, heartbeats and final states are short). */
    static final int MAX_POOL_SIZE = 4;

    private LocalExecutors() {}

    /** The scheduler's LocalExecutor: task logs go to their files only. */
    public static LocalExecutor create(Config config, Optional<Path> configFile, DatabaseSettings database, Clock clock) {
        return create(config, configFile, database, clock, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * @param configFile the {@code --config} file this process was started with, if any, passed on to tasks
     * @param database the database in use (an embedded server's resolved URL)
     * @param echo where task logs are echoed besides their files
     */
    public static LocalExecutor create(Config config, Optional<Path> configFile, DatabaseSettings database, Clock clock,
            PrintStream echo) {
        WorkerSettings settings = WorkerSettings.from(config);
        int parallelism = config.get(CoreConfigKeys.PARALLELISM);
        Database pool = Database.open(database.withPoolSize(parallelism == 0 ? MAX_POOL_SIZE
                : Math.min(parallelism, MAX_POOL_SIZE)), "taskpod-local-tasks");
        WorkerHost host = WorkerHost.current(System.getenv());
        LocalTaskRunner runner = new LocalTaskRunner(WorkerTaskStore.of(pool, settings.stateWriteTimeout(), clock), settings,
                clock, host, taskEnvironment(System.getenv(), config, configFile), echo,
                new TaskWatchdog(TaskWatchdog.commandFor(settings.killGrace())), pool);
        return new LocalExecutor(parallelism, runner, "local:" + host.hostname() + ":" + host.pid(),
                settings.killGrace().plus(RECORD_GRACE));
    }

    /**
     * What tasks start from: this process's environment plus the home folder and the configuration file, so that a
     * task calling {@code taskpod} finds the same settings. The database's settings are removed by
     * {@link io.taskpod.app.worker.TaskLaunch}.
     */
    static Map<String, String> taskEnvironment(Map<String, String> own, Config config, Optional<Path> configFile) {
        Map<String, String> environment = new LinkedHashMap<>(own);
        environment.put(ConfigLoader.HOME_ENV, config.home().toString());
        configFile.ifPresent(file -> environment.put(ConfigLoader.CONFIG_ENV, file.toAbsolutePath().normalize().toString()));
        return environment;
    }
}
