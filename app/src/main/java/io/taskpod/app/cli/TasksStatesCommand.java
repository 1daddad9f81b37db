package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod tasks states DAG_ID RUN_ID}: the state of every task instance of a run. */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Show the state, try number, timing and failure reason of every task instance of a DAG run.")
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
        RunKey run = new RunKey(dagId, runId);
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "tasks-states")) {
            DagRunRecord record = new DagRunRepository(database.jdbc()).find(run).orElseThrow(() -> new UserError(
                    "no run '" + runId + "' of DAG '" + dagId + "' in " + database.describe()));
            List<TaskInstance> taskInstances = new TaskInstanceRepository(database.jdbc()).listByRun(run);
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                out.println(TaskStatesTable.json(taskInstances));
            } else {
                out.println("Run " + runId + " of DAG " + dagId + ": " + record.state().dbValue());
                TaskStatesTable.printTable(out, taskInstances);
            }
            out.flush();
            return 0;
        }
    }
}
