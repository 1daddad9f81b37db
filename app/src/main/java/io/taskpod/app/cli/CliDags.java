package io.taskpod.app.cli;

import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import java.util.stream.Collectors;

/** Finds one DAG in the DAGs folder for a command; a missing DAG is a clear error listing the load errors. */
final class CliDags {

    private CliDags() {}

    static Dag find(DagFolderSource source, DagBag bag, String dagId) {
        return bag.dag(dagId).orElseThrow(() -> {
            String errors = bag.errors().stream().map(DagLoadError::describe).map(e -> "\n  " + e)
                    .collect(Collectors.joining());
            return new UserError("DAG '" + dagId + "' not found in " + source.dagsFolder() + " ([core] dags_folder)"
                    + (errors.isEmpty() ? "" : "; DAG files that did not load:" + errors));
        });
    }
}
