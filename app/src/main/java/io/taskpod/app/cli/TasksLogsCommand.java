package io.taskpod.app.cli;

import io.taskpod.app.logs.NoSuchTryException;
import io.taskpod.app.logs.RunningPodLog;
import io.taskpod.app.logs.TaskLogReader;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code taskpod tasks logs DAG_ID TASK_ID RUN_ID [--try-number N] [--map-index M]}: prints the log of one try. While
 * the log file does not exist yet and the try runs in a pod, prints the tail of the pod's log instead, saying so; with
 * remote logging, a finished try's remote copy, under a line naming it.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print the log of a try of a task instance (default: its latest try, read from the database). "
                + "RUN_ID latest names the DAG's newest run.",
                "While the log file does not exist yet and the try runs in a pod, print the last "
                        + "[kubernetes_executor] running_pod_log_lines lines of the pod's log, read through the "
                        + "Kubernetes API.",
                "With [logging] remote_logging, a try that is no longer queued or running is read from its remote "
                        + "copy, under a line naming it (s3://…)."})
public final class TasksLogsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    TaskInstanceArguments taskInstance;

    @Override
    public Integer call() {
        Config config = configOption.load();
        TaskLogFiles logFiles = new TaskLogFiles(Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), Clock.systemUTC());
        TaskInstanceId id = taskInstance.id();
        TaskLogReader.TaskLog log;
        if (taskInstance.tryNumber().isPresent() && !taskInstance.runId.equals(RunOperations.LATEST)) {
            log = read(config, logFiles, id, wanted -> {
                try (MetadataDatabase database = CliDatabase.open(config, "tasks-logs")) {
                    return find(new TaskInstanceRepository(database.jdbc()), wanted);
                }
            });
        } else {
            try (MetadataDatabase database = CliDatabase.openMigrated(config, "tasks-logs")) {
                CliRuns cli = new CliRuns(database);
                TaskInstanceId resolved = new TaskInstanceId(id.dagId(), id.taskId(),
                        cli.run(id.dagId(), id.runId()).runId(), id.mapIndex());
                TaskInstanceRepository rows = new TaskInstanceRepository(database.jdbc());
                log = read(config, logFiles, resolved, wanted -> find(rows, wanted));
            }
        }
        switch (log) {
            case TaskLogReader.LogFile file -> print(file.file());
            case TaskLogReader.PodLog pod -> System.out.print(pod.text());
            case TaskLogReader.RemoteLog remote -> System.out.print(remote.header() + remote.text());
        }
        System.out.flush();
        return 0;
    }

    private TaskLogReader.TaskLog read(Config config, TaskLogFiles logFiles, TaskInstanceId id,
            TaskLogReader.TaskInstances rows) {
        TaskLogReader reader = new TaskLogReader(logFiles, rows,
                (missingFile, pod) -> RunningPodLog.read(config, missingFile, pod),
                RemoteLogs.of(config).map(remote -> remote::read));
        try {
            return reader.read(id, taskInstance.tryNumber());
        } catch (NoSuchTryException | TaskLogReader.LogUnavailable e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * The task instance's row; for an unmapped id of a mapped task, a {@link UserError} saying that
     * {@code --map-index} is needed and which indexes there are.
     */
    private static Optional<TaskInstance> find(TaskInstanceRepository rows, TaskInstanceId id) {
        Optional<TaskInstance> row = rows.find(id);
        if (row.isEmpty() && id.mapIndex() == -1) {
            List<Integer> indexes = rows.listByRun(new RunKey(id.dagId(), id.runId())).stream()
                    .filter(ti -> ti.key().taskId().equals(id.taskId())).map(ti -> ti.key().mapIndex()).toList();
            if (!indexes.isEmpty()) {
                throw new UserError("task '" + id.taskId() + "' of DAG '" + id.dagId() + "' is mapped: give "
                        + "--map-index " + indexes.getFirst() + ".." + indexes.getLast() + " (run " + id.runId() + ")");
            }
        }
        return row;
    }

    private static void print(Path file) {
        try {
            Files.copy(file, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
