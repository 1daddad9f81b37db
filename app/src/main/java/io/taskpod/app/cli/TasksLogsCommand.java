package io.taskpod.app.cli;

import io.taskpod.app.worker.TaskLogLookup;
import io.taskpod.app.worker.WorkerDatabase;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.logs.PodReference;
import io.taskpod.kubernetes.logs.RunningPodLogs;
import io.taskpod.store.Database;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.worker.WorkerStoreException;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

    /** How long to wait for the database when looking up the latest try. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    ConfigOption configOption;

    @Mixin
    TaskInstanceArguments taskInstance;

    @Override
    public Integer call() {
        Config config = configOption.load();
        TaskLogFiles logFiles = new TaskLogFiles(Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), Clock.systemUTC());
        TaskInstanceId id = taskInstance.id();
        TaskInstanceKey key;
        try {
            key = taskInstance.tryNumber().isPresent() ? id.withTry(taskInstance.tryNumber().get()) : latest(config, id);
        } catch (WorkerError | WorkerStoreException e) {
            throw new UserError(e.getMessage());
        }
        Path file = logFiles.pathOf(key);
        if (Files.isRegularFile(file)) {
            print(file);
            return 0;
        }
        String missing = "no log for " + key + " yet: " + file + " does not exist";
        PodReference pod = runningPod(config, id, key).orElseThrow(() -> new UserError(missing));
        try {
            System.out.print(RunningPodLog.read(config, file, pod));
        } catch (RunningPodLogs.PodLogException e) {
            throw new UserError(missing + ", and " + e.getMessage());
        }
        System.out.flush();
        return 0;
    }

    private static TaskInstanceKey latest(Config config, TaskInstanceId id) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-logs")) {
            WorkerTaskStore store = WorkerTaskStore.of(database, LOOKUP_TIMEOUT, Clock.systemUTC());
            return TaskLogLookup.latestKey(id, store.currentTry(id));
        }
    }

    private static Optional<PodReference> runningPod(Config config, TaskInstanceId id, TaskInstanceKey key) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-logs")) {
            Optional<TaskInstance> current = new TaskInstanceRepository(new Jdbc(database)).find(id);
            return current.flatMap(ti -> RunningPodLog.podOf(ti, key));
        } catch (StoreException e) {
            throw new UserError("no log for " + key + " yet, and the database could not say where it runs: "
                    + e.getMessage());
        }
    }

    private static void print(Path file) {
        try {
            Files.copy(file, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        System.out.flush();
    }
}
