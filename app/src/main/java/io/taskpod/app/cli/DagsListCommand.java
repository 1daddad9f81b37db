package io.taskpod.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.app.worker.KubernetesQueues;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import io.taskpod.core.dag.Schedule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskpod dags list}: the DAGs the DAGs folder defines, and the files that failed to load. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the DAGs of the DAGs folder (and bundled examples) with their load errors.")
public final class DagsListCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Output { table, json }

    @Mixin
    ConfigOption configOption;

    @Option(names = {"-o", "--output"}, description = "table (default) or json.", defaultValue = "table")
    Output output;

    @Option(names = "--fail-on-load-errors", description = "Exit 1 when any DAG file did not load (for CI checks).")
    boolean failOnLoadErrors;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Config config = configOption.load();
        Path dagsFolder = Path.of(config.get(CoreConfigKeys.DAGS_FOLDER));
        DagBag bag = new DagFileLoader(DagDefaults.from(config))
                .loadAll(dagsFolder, config.get(CoreConfigKeys.LOAD_EXAMPLES));
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.json) {
            out.println(json(bag));
        } else {
            printTable(out, dagsFolder, bag);
            printLocalKubernetesTasks(out, config, bag);
        }
        out.flush();
        return failOnLoadErrors && !bag.errors().isEmpty() ? 1 : 0;
    }

    private static void printTable(PrintWriter out, Path dagsFolder, DagBag bag) {
        if (!Files.isDirectory(dagsFolder)) {
            out.println("DAGs folder " + dagsFolder + " does not exist ([core] dags_folder).");
        }
        int idWidth = Math.max(6, bag.dags().keySet().stream().mapToInt(String::length).max().orElse(0));
        String format = "%-" + idWidth + "s  %-14s  %5s  %s%n";
        out.printf(format, "dag_id", "schedule", "tasks", "file");
        for (Dag dag : bag.dags().values()) {
            out.printf(format, dag.dagId(), describe(dag.schedule()), dag.tasks().size(), dag.relativeFileloc());
        }
        if (!bag.errors().isEmpty()) {
            out.println();
            out.println("Load errors (" + bag.errors().size() + "):");
            for (DagLoadError error : bag.errors()) {
                out.println("  " + error.describe());
            }
        }
    }

    private static void printLocalKubernetesTasks(PrintWriter out, Config config, DagBag bag) {
        Set<String> queues = KubernetesQueues.runLocally(config);
        for (Dag dag : bag.dags().values()) {
            List<String> tasks = KubernetesQueues.tasksOn(dag, queues);
            if (!tasks.isEmpty()) {
                out.println("Note: " + dag.dagId() + ": " + String.join(", ", tasks) + ": "
                        + KubernetesQueues.notice(dag.task(tasks.getFirst()).orElseThrow().queue(), config));
            }
        }
    }

    private static String json(DagBag bag) throws JsonProcessingException {
        List<Map<String, Object>> dags = bag.dags().values().stream().map(dag -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dag_id", dag.dagId());
            row.put("description", dag.description());
            row.put("schedule", describe(dag.schedule()));
            row.put("tasks", dag.tasks().keySet());
            row.put("tags", dag.tags());
            row.put("file", dag.relativeFileloc());
            return row;
        }).toList();
        List<Map<String, Object>> errors = bag.errors().stream().map(error -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", error.file());
            row.put("line", error.line().orElse(null));
            row.put("field", error.field().orElse(null));
            row.put("reason", error.reason());
            return row;
        }).toList();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dags", dags);
        document.put("errors", errors);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }

    static String describe(Schedule schedule) {
        return switch (schedule) {
            case Schedule.None none -> "none";
            case Schedule.Once once -> "@once";
            case Schedule.Cron cron -> cron.text();
        };
    }
}
