package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod tasks states DAG_ID RUN_ID}: the state of every task instance of a run, in DAG order. */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Show the state, try number, timing and failure reason of every task instance of a DAG run, in "
                + "the order the DAG file declares its tasks. RUN_ID latest names the DAG's newest run.")
public final class TasksStatesCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Output { table, json }

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "RUN_ID")
    String runId;

    @Option(names = {"-o", "--output"}, description = "table (default) or json.", defaultValue = "table")
    Output output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Config config = configOption.load();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "tasks-states")) {
            DagRunRecord record = new CliRuns(database).run(dagId, runId);
            List<TaskInstance> rows = new TaskInstanceRepository(database.jdbc()).listByRun(record.key());
            List<TaskInstance> taskInstances = new DagFolderSource(config).load().dag(dagId)
                    .map(dag -> RunOperations.inDagOrder(dag, rows)).orElse(rows);
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                out.println(TaskStatesTable.json(taskInstances));
            } else {
                out.println("Run " + record.runId() + " of DAG " + dagId + ": " + record.state().dbValue());
                TaskStatesTable.printTable(out, taskInstances);
            }
            out.flush();
            return 0;
        }
    }
}
