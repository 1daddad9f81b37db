package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.dag.DagIdSuggestion;
import io.taskpod.app.scheduler.RunIdRule;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds what a request path names (a DAG, a run, a task instance), or answers 404 naming the first part that does
 * not exist, so that a typo in the DAG id is not reported as a missing run.
 */
final class ApiLookup {

    static final String DAG_ID = "dag_id";
    static final String RUN_ID = "run_id";
    static final String TASK_ID = "task_id";

    private final DagBagCache dags;
    private final Path dagsFolder;
    private final DagRepository dagRows;
    private final DagRunRepository runs;
    private final TaskInstanceRepository taskInstances;

    ApiLookup(DagBagCache dags, Path dagsFolder, DagRepository dagRows, DagRunRepository runs,
            TaskInstanceRepository taskInstances) {
        this.dags = dags;
        this.dagsFolder = dagsFolder;
        this.dagRows = dagRows;
        this.runs = runs;
        this.taskInstances = taskInstances;
    }

    /** A DAG the DAGs folder defines now: what a run can be triggered of. */
    Dag loadedDag(String dagId) {
        DagBag bag = dags.current();
        return bag.dag(dagId).orElseThrow(() -> ApiError.notFound(DAG_ID, "no DAG '" + ApiText.quote(dagId) + "' in "
                + dagsFolder + " ([core] dags_folder)" + DagIdSuggestion.hint(dagId, bag.dags().keySet())
                + loadErrorHint(bag)));
    }

    /** Fails unless the DAGs folder defines the DAG or the database has it: a DAG whose file is gone keeps its runs. */
    void requireDag(String dagId) {
        if (dags.current().dag(dagId).isEmpty() && dagRows.find(dagId).isEmpty()) {
            loadedDag(dagId);
        }
    }

    /** The run a path names; run id {@code latest} is the DAG's newest run. */
    DagRunRecord run(RunKey key) {
        Optional<DagRunRecord> found = RunIdRule.LATEST.equals(key.runId())
                ? runs.listByDag(key.dagId(), 1).stream().findFirst() : runs.find(key);
        return found.orElseThrow(() -> {
            requireDag(key.dagId());
            return ApiError.notFound(RUN_ID, RunIdRule.LATEST.equals(key.runId())
                    ? "DAG '" + key.dagId() + "' has no runs"
                    : "no run '" + ApiText.quote(key.runId()) + "' of DAG '" + key.dagId() + "'");
        });
    }

    /** The run a {@code .../runs/{run_id}...} path names, as written. */
    static RunKey runKey(Context ctx) {
        return new RunKey(ctx.pathParam(DAG_ID), ctx.pathParam(RUN_ID));
    }

    TaskInstance taskInstance(TaskInstanceId id) {
        return taskInstances.find(id).orElseThrow(() -> {
            run(new RunKey(id.dagId(), id.runId()));
            return ApiError.notFound(TASK_ID, "no task instance of task '" + id.taskId() + "'"
                    + (id.mapIndex() >= 0 ? " with map_index " + id.mapIndex() : " (unmapped; pass map_index for a "
                    + "mapped task)") + " in run '" + id.runId() + "' of DAG '" + id.dagId() + "'");
        });
    }

    private static String loadErrorHint(DagBag bag) {
        return bag.errors().isEmpty() ? ""
                : "; " + bag.errors().size() + " DAG file(s) did not load: see GET /api/v1/dags";
    }
}
