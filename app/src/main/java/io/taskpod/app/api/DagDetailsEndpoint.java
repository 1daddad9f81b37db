package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the web page draws a DAG with: {@code GET /api/v1/dags/{dag_id}/tasks} (its tasks and their dependencies, for
 * the graph), {@code .../grid?limit=} (its newest runs × its tasks, one cell each) and {@code .../source} (the DAG
 * file's text).
 */
final class DagDetailsEndpoint {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final ApiLookup lookup;
    private final DagRunRepository runs;
    private final TaskInstanceRepository taskInstances;

    DagDetailsEndpoint(ApiLookup lookup, DagRunRepository runs, TaskInstanceRepository taskInstances) {
        this.lookup = lookup;
        this.runs = runs;
        this.taskInstances = taskInstances;
    }

    void tasks(Context ctx) {
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        ctx.json(new ApiViews.TaskList(dag.dagId(), dag.tasks().values().stream()
                .map(task -> ApiViews.TaskView.of(dag, task)).toList()));
    }

    void grid(Context ctx) {
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        List<DagRunRecord> newestFirst = runs.listByDag(dag.dagId(), ApiParameters.limit(ctx));
        Map<RunKey, List<TaskInstance>> byRun = taskInstances.listByRuns(newestFirst.stream().map(DagRunRecord::key)
                .toList()).stream().collect(Collectors.groupingBy(ti -> new RunKey(ti.key().dagId(), ti.key().runId())));
        List<ApiViews.GridRun> columns = new ArrayList<>();
        for (DagRunRecord run : newestFirst) {
            columns.add(new ApiViews.GridRun(ApiViews.RunView.of(run),
                    GridCells.of(byRun.getOrDefault(run.key(), List.of()))));
        }
        Collections.reverse(columns);
        ctx.json(new ApiViews.Grid(dag.dagId(), List.copyOf(dag.tasks().keySet()), columns));
    }

    void source(Context ctx) {
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        String text = DagFileLoader.sourceOf(dag).orElseThrow(() -> ApiError.notFound(ApiLookup.DAG_ID,
                "the file of DAG '" + dag.dagId() + "' (" + dag.relativeFileloc() + ") cannot be read any more"));
        ctx.contentType(TEXT).result(text);
    }
}
