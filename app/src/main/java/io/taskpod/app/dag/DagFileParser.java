package io.taskpod.app.dag;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagLoadError;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses the text of one DAG file: one DAG per YAML document ({@code ---} separates several). A YAML syntax
 * error fails the whole file; a problem in one DAG fails only that DAG.
 */
final class DagFileParser {

    /** The DAGs of one file and the errors of the ones that did not load. */
    record Result(List<Dag> dags, List<DagLoadError> errors) {}

    private final DagDefaults defaults;

    DagFileParser(DagDefaults defaults) {
        this.defaults = defaults;
    }

    Result parse(String relativeFileloc, Path fileloc, String text) {
        Problems problems = new Problems(fileloc.toString().startsWith(DagFileLoader.CLASSPATH_PREFIX)
                ? relativeFileloc : fileloc.toString());
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Yaml(loaderOptions()).composeAll(new StringReader(text))) {
                if (document != null) {
                    documents.add(document);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark == null ? 0 : mark.getLine() + 1, "", "invalid YAML: "
                    + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
            return new Result(List.of(), problems.errors());
        } catch (YAMLException e) {
            problems.add(0, "", "invalid YAML: " + e.getMessage());
            return new Result(List.of(), problems.errors());
        }
        if (documents.isEmpty()) {
            problems.add(0, "", "the file is empty: expected a DAG (dag_id, tasks, …)");
            return new Result(List.of(), problems.errors());
        }
        List<Dag> dags = new ArrayList<>();
        DagSpecReader reader = new DagSpecReader(defaults, problems);
        for (Node document : documents) {
            Optional<Dag> dag = reader.read(document, relativeFileloc, fileloc);
            dag.ifPresent(dags::add);
        }
        return new Result(dags, problems.errors());
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(5 * 1024 * 1024);
        return options;
    }
}
