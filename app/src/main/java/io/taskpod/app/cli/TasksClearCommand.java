package io.taskpod.app.cli;

import io.taskpod.app.operate.ClearOptions;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.operate.TaskChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod tasks clear DAG_ID}: gives the selected task instances a new try (Airflow's {@code tasks clear}).
 * Earlier tries and their logs stay readable; the runs reopen; a try still queued or running is stopped by its
 * scheduler before the next one starts.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Clear task instances so that they run again with a new try; their runs reopen.",
                "Earlier tries and logs stay readable. A try still queued or running is stopped first (its pod deleted, "
                        + "its process terminated). Without selectors: every task instance of every run of the DAG."})
public final class TasksClearCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Option(names = {"-t", "--task-regex"}, paramLabel = "REGEX",
            description = "Only tasks whose id the regular expression finds a match in.")
    String taskRegex;

    @Option(names = "--run-id", paramLabel = "RUN_ID", description = "Only this run (latest: the newest run).")
    String runId;

    @Option(names = {"-s", "--start-date"}, paramLabel = "DATE", description = "Only runs with a logical date from this.")
    String startDate;

    @Option(names = {"-e", "--end-date"}, paramLabel = "DATE", description = "Only runs with a logical date up to this.")
    String endDate;

    @Option(names = {"-f", "--only-failed"}, description = "Only failed and upstream_failed task instances.")
    boolean onlyFailed;

    @Option(names = {"-r", "--only-running"}, description = "Only running task instances.")
    boolean onlyRunning;

    @Option(names = {"-u", "--upstream"}, description = "Also the selected tasks' upstream tasks.")
    boolean upstream;

    @Option(names = {"-d", "--downstream"}, description = "Also the selected tasks' downstream tasks.")
    boolean downstream;

    @Option(names = "--dry-run", description = "Only list what would be cleared.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (runId != null && (startDate != null || endDate != null)) {
            throw new UserError("give either --run-id or --start-date/--end-date, not both", 2);
        }
        ClearOptions options = new ClearOptions(Optional.ofNullable(taskRegex).map(TasksClearCommand::pattern),
                List.of(), Optional.ofNullable(runId),
                Optional.ofNullable(startDate).map(d -> CliDates.parse("--start-date", d)),
                Optional.ofNullable(endDate).map(d -> CliDates.parse("--end-date", d)), onlyFailed, onlyRunning,
                upstream, downstream);
        Config config = configOption.load();
        DagFolderSource source = new DagFolderSource(config);
        Dag dag = CliDags.find(source, source.load(), dagId);
        PrintWriter out = spec.commandLine().getOut();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "tasks-clear")) {
            CliRuns cli = new CliRuns(database);
            if (runId != null) {
                cli.run(dagId, runId);
            }
            List<TaskChange> preview = cli.operations.previewClear(dag, options);
            if (preview.isEmpty()) {
                out.println("Nothing to clear: no task instance of DAG " + dagId + " matches (" + options.describe()
                        + "), or those that do are waiting or scheduled already.");
                out.flush();
                return 0;
            }
            TaskChangesTable.print(out, preview);
            if (dryRun) {
                out.println(preview.size() + " task instance(s) would be cleared (dry run).");
                out.flush();
                return 0;
            }
            if (!yes && !confirm(out, preview.size())) {
                out.println("Cancelled: nothing was cleared.");
                out.flush();
                return 1;
            }
            List<TaskChange> cleared = cli.operations.clear(dag, options, cli.actor);
            long stopping = cleared.stream().filter(TaskChange::stopRequested).count();
            out.println("Cleared " + cleared.size() + " task instance(s) of DAG " + dagId + "; a running scheduler "
                    + "runs them again" + (stopping > 0 ? " once it has stopped the " + stopping + " try(s) still "
                    + "queued or running" : "") + ".");
            out.flush();
            return 0;
        }
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UserError("--task-regex is not a valid regular expression: " + e.getDescription() + " in '"
                    + CliText.quote(regex) + "'", 2);
        }
    }

    private static boolean confirm(PrintWriter out, int count) throws IOException {
        out.print("Clear these " + count + " task instance(s)? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
