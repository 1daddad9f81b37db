package io.taskpod.app.cli;

import io.taskpod.app.worker.TaskLogLookup;
import io.taskpod.app.worker.WorkerDatabase;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.Database;
import io.taskpod.store.worker.WorkerStoreException;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod tasks logs DAG_ID TASK_ID RUN_ID [--try-number N] [--map-index M]}: prints the log of one try. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the log of a try of a task instance (default: its latest try, read from the database).")
public final class TasksLogsCommand implements Callable<Integer> {

    /** How long to wait for the database when looking up the latest try. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "TASK_ID")
    String taskId;

    @Parameters(index = "2", paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--try-number", paramLabel = "N", description = "The try (default: the latest, from the database).")
    Integer tryNumber;

    @Option(names = "--map-index", paramLabel = "M", defaultValue = "-1",
            description = "Index of a mapped task instance (default: -1, unmapped).")
    int mapIndex;

    @Override
    public Integer call() {
        Config config = configOption.load();
        TaskLogFiles logFiles = new TaskLogFiles(Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), Clock.systemUTC());
        TaskInstanceId id = new TaskInstanceId(dagId, taskId, runId, mapIndex);
        Path file;
        try {
            file = tryNumber != null ? TaskLogLookup.ofTry(logFiles, id.withTry(tryNumber))
                    : latest(config, logFiles, id);
        } catch (WorkerError | WorkerStoreException e) {
            throw new UserError(e.getMessage());
        }
        try {
            Files.copy(file, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        System.out.flush();
        return 0;
    }

    private static Path latest(Config config, TaskLogFiles logFiles, TaskInstanceId id) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-logs")) {
            WorkerTaskStore store = WorkerTaskStore.of(database, LOOKUP_TIMEOUT, Clock.systemUTC());
            return TaskLogLookup.latest(logFiles, id, store.currentTry(id));
        }
    }
}
