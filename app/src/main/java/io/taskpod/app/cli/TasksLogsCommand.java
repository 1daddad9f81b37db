package io.taskpod.app.cli;

import io.taskpod.app.worker.RunningPodLog;
import io.taskpod.app.worker.TaskLogReader;
import io.taskpod.app.worker.WorkerDatabase;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.Database;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code taskpod tasks logs DAG_ID TASK_ID RUN_ID [--try-number N] [--map-index M]}: prints the log of one try. While
 * the log file does not exist yet and the try runs in a pod, prints the tail of the pod's log instead, saying so.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print the log of a try of a task instance (default: its latest try, read from the database).",
                "While the log file does not exist yet and the try runs in a pod, print the last "
                        + "[kubernetes_executor] running_pod_log_lines lines of the pod's log, read through the "
                        + "Kubernetes API."})
public final class TasksLogsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    TaskInstanceArguments taskInstance;

    @Override
    public Integer call() {
        Config config = configOption.load();
        TaskLogFiles logFiles = new TaskLogFiles(Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), Clock.systemUTC());
        TaskLogReader reader = new TaskLogReader(logFiles, id -> find(config, id),
                (missingFile, pod) -> RunningPodLog.read(config, missingFile, pod));
        TaskLogReader.TaskLog log;
        try {
            log = reader.read(taskInstance.id(), taskInstance.tryNumber());
        } catch (WorkerError | TaskLogReader.LogUnavailable e) {
            throw new UserError(e.getMessage());
        }
        switch (log) {
            case TaskLogReader.LogFile file -> print(file.file());
            case TaskLogReader.PodLog pod -> System.out.print(pod.text());
        }
        System.out.flush();
        return 0;
    }

    /** The task instance's row, read on a connection of its own: the command needs the database only for this. */
    private static Optional<TaskInstance> find(Config config, TaskInstanceId id) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-logs")) {
            return new TaskInstanceRepository(new Jdbc(database)).find(id);
        } catch (StoreException e) {
            throw new UserError("could not read task instance " + id + " from the database: " + e.getMessage());
        }
    }

    private static void print(Path file) {
        try {
            Files.copy(file, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
