package io.taskpod.app.cli;

import io.taskpod.app.operate.BackfillPlan;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.scheduler.ScheduleTimetable;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod dags backfill DAG_ID --start-date D --end-date D}: creates the scheduled runs of a past range as
 * {@code backfill} runs; a running scheduler runs them within the DAG's {@code max_active_runs}, oldest first.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Create the runs of a DAG's schedule whose logical date lies in [--start-date, --end-date] "
                + "(both included, intervals that have ended) as backfill runs.",
                "A running scheduler starts them within the DAG's max_active_runs, oldest first. Dates that already "
                        + "have a scheduled or backfill run are left as they are."})
public final class DagsBackfillCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Option(names = {"-s", "--start-date"}, required = true, paramLabel = "DATE",
            description = "First logical date, e.g. 2025-01-01 (UTC unless an offset is given).")
    String startDate;

    @Option(names = {"-e", "--end-date"}, required = true, paramLabel = "DATE", description = "Last logical date.")
    String endDate;

    @Option(names = "--dry-run", description = "Only list the runs it would create.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant start = CliDates.parse("--start-date", startDate);
        Instant end = CliDates.parse("--end-date", endDate);
        Config config = configOption.load();
        DagFolderSource source = new DagFolderSource(config);
        Dag dag = CliDags.find(source, source.load(), dagId);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (dryRun) {
                List<ScheduleTimetable.ScheduledRun> planned = BackfillPlan.runs(dag, start, end, Instant.now());
                out.println("Would create " + planned.size() + " backfill run(s) of DAG " + dagId + " (dry run):");
                planned.forEach(run -> out.println("  " + run.logicalDate() + "  [" + run.interval().start() + ", "
                        + run.interval().end() + ")"));
                out.flush();
                return 0;
            }
            try (MetadataDatabase database = CliDatabase.openMigrated(config, "dags-backfill")) {
                CliRuns cli = new CliRuns(database);
                RunOperations.Backfill backfill = new RunOperations(database.jdbc(), Clock.systemUTC())
                        .backfill(dag, start, end, cli.actor);
                out.println("Created " + backfill.created().size() + " backfill run(s) of DAG " + dagId
                        + (backfill.existing().isEmpty() ? "" : "; " + backfill.existing().size()
                                + " logical date(s) already had a run") + ".");
                backfill.created().forEach(run -> out.println("  " + run.key().runId()));
                if (!backfill.created().isEmpty()) {
                    out.println("A running scheduler starts them, at most " + dag.maxActiveRuns()
                            + " at a time (max_active_runs); follow them with: taskpod dags list-runs " + dagId);
                }
                out.flush();
                return 0;
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }
}
