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
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code taskpod tasks run DAG_ID TASK_ID RUN_ID [--try-number N] [--map-index M]}: the worker every executor runs
 * for a try (a local process or a pod). Exit codes are those of {@link WorkerExitCode}.
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return execute(configOption, new WorkerRequest(taskInstance.id().dagId(), taskInstance.id().taskId(),
                taskInstance.id().runId(), taskInstance.tryNumber(), taskInstance.id().mapIndex()),
                spec.commandLine().getErr());
    }

    /**
     * Runs the worker for a try given exactly as {@link WorkerCommand#forTask} writes it, without picocli: building
     * picocli's model of the command line costs a quarter of a pod's worker start-up CPU, and its classes (compiled
     * for Java 5) cannot go into the ahead-of-time cache. Anything else on the command line goes through picocli.
     */
    public static int executeTry(TaskInstanceKey key) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return execute(new ConfigOption(), new WorkerRequest(key.dagId(), key.taskId(), key.runId(),
                    Optional.of(key.tryNumber()), key.mapIndex()), err);
        } catch (RuntimeException e) {
            err.println("taskpod: unexpected error (a bug; please report it with the trace below)");
            e.printStackTrace(err);
            return 1;
        }
    }

    private static int execute(ConfigOption configOption, WorkerRequest request, PrintWriter err) {
        try {
            return run(configOption.load(), request, err).exitCode();
        } catch (ConfigException | WorkerError e) {
            return report(new WorkerResult(WorkerExitCode.WORKER_ERROR, e.getMessage()), err).exitCode();
        }
    }

    /** Prints why the worker did not succeed; done before the SIGTERM hook lets the JVM exit. */
    private static WorkerResult report(WorkerResult result, PrintWriter err) {
        if (result.exitCode() != WorkerExitCode.SUCCESS) {
            err.println("taskpod tasks run: " + result.message());
            err.flush();
        }
        return result;
    }

    private static WorkerResult run(Config config, WorkerRequest request, PrintWriter err) {
        try (Database database = Database.open(WorkerDatabase.settings(config), "taskpod-worker")) {
            Worker worker = Workers.forConfig(config, database, Clock.systemUTC(), System.out);
            StopSignal stop = new StopSignal();
            SigtermStop sigterm = SigtermStop.install(stop);
            try {
                return report(worker.run(request, stop), err);
            } finally {
                sigterm.close();
            }
        }
    }
}
