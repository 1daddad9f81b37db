package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod dags list-runs DAG_ID}: the runs of a DAG, newest first. */
@Command(name = "list-runs", mixinStandardHelpOptions = true,
        description = "List the runs of a DAG, newest logical date first: run id, state, type and dates.")
public final class DagsListRunsCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Output { table, json }

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state: queued, running, success, "
            + "failed.")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "25", description = "At most N runs (default: 25).")
    int limit;

    @Option(names = {"-o", "--output"}, description = "table (default) or json.", defaultValue = "table")
    Output output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        if (limit < 1) {
            throw new UserError("--limit must be at least 1, got " + limit, 2);
        }
        Optional<String> wanted = Optional.ofNullable(state).map(String::strip);
        if (wanted.isPresent() && !List.of("queued", "running", "success", "failed").contains(wanted.get())) {
            throw new UserError("--state must be queued, running, success or failed, got '" + CliText.quote(state)
                    + "'", 2);
        }
        Config config = configOption.load();
        try (MetadataDatabase database = CliDatabase.openMigrated(config, "dags-list-runs")) {
            CliRuns cli = new CliRuns(database);
            List<String> known = cli.operations.knownDagIds();
            if (!known.contains(dagId)) {
                throw new UserError("DAG '" + CliText.quote(dagId) + "' is not in " + database.describe()
                        + CliDags.suggestion(dagId, known));
            }
            List<DagRunRecord> runs = new DagRunRepository(database.jdbc()).listByDag(dagId, wanted.isPresent()
                    ? Integer.MAX_VALUE : limit).stream()
                    .filter(run -> wanted.isEmpty() || run.state().dbValue().equals(wanted.get()))
                    .limit(limit).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                out.println(json(runs));
            } else if (runs.isEmpty()) {
                out.println("DAG " + dagId + " has no runs" + wanted.map(s -> " in state " + s).orElse("") + ".");
            } else {
                table(out, runs);
            }
            out.flush();
            return 0;
        }
    }

    private static void table(PrintWriter out, List<DagRunRecord> runs) {
        int idWidth = Math.max(6, runs.stream().mapToInt(r -> r.runId().length()).max().orElse(0));
        String format = "%-" + idWidth + "s  %-8s  %-9s  %-20s  %-20s  %-20s%n";
        out.printf(format, "run_id", "state", "run_type", "logical_date", "started", "ended");
        for (DagRunRecord run : runs) {
            out.printf(format, run.runId(), run.state().dbValue(), run.runType().dbValue(), CliText.time(run.logicalDate()),
                    run.startedAt().map(CliText::time).orElse(""),
                    run.endedAt().map(CliText::time).orElse(""));
        }
    }

    private static String json(List<DagRunRecord> runs) throws JsonProcessingException {
        List<Map<String, Object>> rows = runs.stream().map(run -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dag_id", run.dagId());
            row.put("run_id", run.runId());
            row.put("state", run.state().dbValue());
            row.put("run_type", run.runType().dbValue());
            row.put("logical_date", run.logicalDate().toString());
            row.put("started_at", run.startedAt().map(Instant::toString).orElse(null));
            row.put("ended_at", run.endedAt().map(Instant::toString).orElse(null));
            return row;
        }).toList();
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows);
    }
}
