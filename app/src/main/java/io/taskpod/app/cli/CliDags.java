package io.taskpod.app.cli;

import io.taskpod.app.dag.DagIdSuggestion;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import java.util.Collection;
import java.util.stream.Collectors;

/** Finds one DAG in the DAGs folder for a command; a missing DAG is a clear error listing the load errors. */
final class CliDags {

    private CliDags() {}

    /** {@code "; did you mean 'x'?"} when a known DAG id is close to {@code dagId}. */
    static String suggestion(String dagId, Collection<String> known) {
        return DagIdSuggestion.hint(dagId, known);
    }

    static Dag find(DagFolderSource source, DagBag bag, String dagId) {
        return bag.dag(dagId).orElseThrow(() -> {
            String errors = bag.errors().stream().map(DagLoadError::describe).map(e -> "\n  " + e)
                    .collect(Collectors.joining());
            return new UserError("DAG '" + CliText.quote(dagId) + "' not found in " + source.dagsFolder()
                    + " ([core] dags_folder)" + suggestion(dagId, bag.dags().keySet())
                    + (errors.isEmpty() ? "" : "; DAG files that did not load:" + errors));
        });
    }
}
