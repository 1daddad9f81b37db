package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.scheduler.RunTrigger;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod dags trigger DAG_ID}: creates a manual run for the scheduler to execute. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Create a manual run of a DAG; a running scheduler executes it. With --wait, follow it to the end.")
public final class DagsTriggerCommand implements Callable<Integer> {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Option(names = {"-r", "--run-id"}, paramLabel = "RUN_ID", description = "Run id: letters, digits and "
            + "_ . ~ : + -, at most 250 characters, not starting with scheduled__ or test__ (default: manual__<now>).")
    String runId;

    @Option(names = {"-c", "--conf"}, paramLabel = "JSON", description = "The run's conf, a JSON object.")
    String conf;

    @Option(names = "--wait", description = "Print progress until the run ends; exit 0 only if it succeeded.")
    boolean waitForRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configOption.load();
        Optional<String> confJson = Optional.ofNullable(conf).map(DagsTriggerCommand::checkedConf);
        DagFolderSource source = new DagFolderSource(config);
        Dag dag = CliDags.find(source, source.load(), dagId);
        Clock clock = Clock.systemUTC();
        PrintWriter out = spec.commandLine().getOut();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "dags-trigger")) {
            RunTrigger trigger = new RunTrigger(database.jdbc(), database.describe(),
                    config.get(CoreConfigKeys.SCHEDULER_HEALTH_CHECK_THRESHOLD), clock);
            NewDagRun run = switch (trigger.trigger(dag, Optional.ofNullable(runId), confJson, "cli")) {
                case RunTrigger.InvalidRunId invalid -> throw new UserError(invalid.problem(),
                        CommandLine.ExitCode.USAGE);
                case RunTrigger.RunIdTaken taken -> throw new UserError("DAG '" + dagId + "' already has a run '"
                        + taken.run().runId() + "'; choose another --run-id");
                case RunTrigger.Created created -> {
                    out.println("Created run " + created.run().key().runId() + " of DAG " + dagId + " (queued).");
                    created.notes().forEach(note -> out.println("Note: " + note));
                    yield created.run();
                }
            };
            out.flush();
            if (!waitForRun) {
                return 0;
            }
            DagRunState end = follow(new DagRunRepository(database.jdbc()), new TaskInstanceRepository(database.jdbc()),
                    run, out);
            out.println("Run " + run.key().runId() + " of DAG " + dagId + " finished: " + end.dbValue());
            out.flush();
            return end == DagRunState.SUCCESS ? 0 : 1;
        }
    }

    private static DagRunState follow(DagRunRepository runs, TaskInstanceRepository taskInstances, NewDagRun run,
            PrintWriter out) throws InterruptedException {
        String last = "";
        while (true) {
            DagRunRecord record = runs.find(run.key()).orElseThrow(() -> new UserError("run " + run.key() + " disappeared"));
            String line = record.state().dbValue() + ": " + RunProgress.describe(taskInstances.listByRun(run.key()));
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            if (record.state().isFinished()) {
                return record.state();
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** The --conf value, which must be a JSON object. */
    static String checkedConf(String text) {
        try {
            JsonNode node = new ObjectMapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new UserError("--conf must be a JSON object, e.g. '{\"key\": \"value\"}'; got " + text);
            }
            return node.toString();
        } catch (JsonProcessingException e) {
            throw new UserError("--conf is not valid JSON (" + e.getOriginalMessage() + "): " + text);
        }
    }
}
