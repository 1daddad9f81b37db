package io.taskpod.app.cli;

import io.taskpod.app.worker.SigtermStop;
import io.taskpod.app.worker.StopSignal;
import io.taskpod.app.worker.Worker;
import io.taskpod.app.worker.WorkerDatabase;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.app.worker.WorkerRequest;
import io.taskpod.app.worker.WorkerResult;
import io.taskpod.app.worker.Workers;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskpod tasks run DAG_ID TASK_ID RUN_ID [--try-number N] [--launch-attempt L] [--map-index M]}: the worker
 * every executor runs for a launch of a try (a local process or a pod). Exit codes are those of
 * {@link WorkerExitCode}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one try of a task instance: claim it (queued -> running), run the task, write its log, "
                + "record its final state.",
            "Exit codes: 0 success, 1 task failed, 70 worker error, 75 refused (not the current queued try: nothing ran)."})
public final class TasksRunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    TaskInstanceArguments taskInstance;

    @Option(names = "--launch-attempt", paramLabel = "L",
            description = "The launch of the try this worker is for (default: the current one, from the database);"
                    + " a worker of an earlier launch is refused.")
    Integer launchAttempt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return run(configOption.load()).exitCode();
        } catch (ConfigException | WorkerError e) {
            return report(new WorkerResult(WorkerExitCode.WORKER_ERROR, e.getMessage())).exitCode();
        }
    }

    /** Prints why the worker did not succeed; done before the SIGTERM hook lets the JVM exit. */
    private WorkerResult report(WorkerResult result) {
        if (result.exitCode() != WorkerExitCode.SUCCESS) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("taskpod tasks run: " + result.message());
            err.flush();
        }
        return result;
    }

    private WorkerResult run(Config config) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-worker")) {
            Worker worker = Workers.forConfig(config, database, Clock.systemUTC(), System.out);
            StopSignal stop = new StopSignal();
            SigtermStop sigterm = SigtermStop.install(stop);
            try {
                return report(worker.run(new WorkerRequest(taskInstance.id().dagId(), taskInstance.id().taskId(),
                        taskInstance.id().runId(), taskInstance.tryNumber(), Optional.ofNullable(launchAttempt),
                        taskInstance.id().mapIndex()), stop));
            } finally {
                sigterm.close();
            }
        }
    }
}
