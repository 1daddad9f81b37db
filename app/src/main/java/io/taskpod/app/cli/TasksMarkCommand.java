package io.taskpod.app.cli;

import io.taskpod.app.operate.TaskSelection;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.operate.TaskChange;
import io.taskpod.store.run.DagRunRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod tasks mark DAG_ID TASK_ID RUN_ID --state success|failed}: Airflow's "mark success / mark failed".
 * A queued or running try is stopped by its scheduler; a finished run reopens so the scheduler decides it anew.
 */
@Command(name = "mark", mixinStandardHelpOptions = true,
        description = {"Mark a task instance (with --downstream/--upstream, also those tasks' instances in the run) "
                + "success or failed.", "A queued or running try is stopped (its pod deleted, its process terminated)."})
public final class TasksMarkCommand implements Callable<Integer> {

    /** The states a task instance can be marked. */
    public enum Target { success, failed }

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "TASK_ID")
    String taskId;

    @Parameters(index = "2", paramLabel = "RUN_ID", description = "A run id, or latest for the newest run.")
    String runId;

    @Option(names = "--state", required = true, paramLabel = "STATE", description = "success or failed.")
    Target state;

    @Option(names = "--map-index", paramLabel = "M", description = "Only this map index of the task (default: all); "
            + "its upstream and downstream tasks are marked whole.")
    Integer mapIndex;

    @Option(names = {"-d", "--downstream"}, description = "Also mark the task's downstream tasks.")
    boolean downstream;

    @Option(names = {"-u", "--upstream"}, description = "Also mark the task's upstream tasks.")
    boolean upstream;

    @Option(names = "--dry-run", description = "Only list what would change.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Config config = configOption.load();
        DagFolderSource source = new DagFolderSource(config);
        Dag dag = CliDags.find(source, source.load(), dagId);
        if (dag.task(taskId).isEmpty()) {
            throw new UserError("DAG '" + dagId + "' has no task '" + CliText.quote(taskId) + "'"
                    + CliDags.suggestion(taskId, dag.tasks().keySet()) + "; its tasks: "
                    + String.join(", ", dag.tasks().keySet()));
        }
        TaskState to = state == Target.success ? TaskState.SUCCESS : TaskState.FAILED;
        PrintWriter out = spec.commandLine().getOut();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "tasks-mark")) {
            CliRuns cli = new CliRuns(database);
            DagRunRecord run = cli.run(dagId, runId);
            Set<String> tasks = TaskSelection.expand(dag, Set.of(taskId), upstream, downstream);
            List<TaskChange> changes = cli.operations.mark(dag, run.key(), tasks,
                    mapIndex == null ? Map.of() : Map.of(taskId, mapIndex), to, dryRun, cli.actor);
            if (changes.isEmpty()) {
                out.println("Nothing to mark: the task instances are " + to.dbValue() + " already"
                        + (mapIndex == null ? "" : ", or the task has no map index " + mapIndex) + ".");
            } else {
                TaskChangesTable.print(out, changes);
                out.println((dryRun ? "Would mark " : "Marked ") + changes.size() + " task instance(s) of run "
                        + run.runId() + " " + to.dbValue() + (dryRun ? " (dry run)." : "."));
            }
            out.flush();
            return 0;
        }
    }
}
