package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TransitionRepository;

/**
 * {@code GET .../runs/{run_id}/tasks}: every task instance of a run at its current try; and
 * {@code GET .../tasks/{task_id}/transitions?map_index=}: the task instance's append-only transition log.
 */
final class TaskInstancesEndpoint {

    private final ApiLookup lookup;
    private final TaskInstanceRepository taskInstances;
    private final TransitionRepository transitions;

    TaskInstancesEndpoint(ApiLookup lookup, TaskInstanceRepository taskInstances, TransitionRepository transitions) {
        this.lookup = lookup;
        this.taskInstances = taskInstances;
        this.transitions = transitions;
    }

    void list(Context ctx) {
        DagRunRecord run = lookup.run(new RunKey(ctx.pathParam(ApiLookup.DAG_ID), ctx.pathParam(ApiLookup.RUN_ID)));
        ctx.json(new ApiViews.RunTaskInstances(ApiViews.RunView.of(run),
                taskInstances.listByRun(run.key()).stream().map(ApiViews.TaskInstanceView::of).toList()));
    }

    void transitions(Context ctx) {
        TaskInstanceId id = taskInstanceId(ctx);
        lookup.taskInstance(id);
        ctx.json(new ApiViews.TransitionList(id.dagId(), id.runId(), id.taskId(), id.mapIndex(),
                transitions.forTaskInstance(id).stream().map(ApiViews.TransitionView::of).toList()));
    }

    /** The task instance a {@code .../tasks/{task_id}/...} path and its {@code map_index} name. */
    static TaskInstanceId taskInstanceId(Context ctx) {
        return new TaskInstanceId(ctx.pathParam(ApiLookup.DAG_ID), ctx.pathParam(ApiLookup.TASK_ID),
                ctx.pathParam(ApiLookup.RUN_ID), ApiParameters.mapIndex(ctx));
    }
}
