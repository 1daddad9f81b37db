package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.scheduler.RunIdRule;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TransitionRepository;

/**
 * {@code GET .../runs/{run_id}/tasks}: every task instance of a run at its current try;
 * {@code GET .../tasks/{task_id}?map_index=}: one task instance with its tries; and
 * {@code GET .../tasks/{task_id}/transitions?map_index=}: the task instance's append-only transition log.
 */
final class TaskInstancesEndpoint {

    private final ApiLookup lookup;
    private final TaskInstanceRepository taskInstances;
    private final TransitionRepository transitions;
    private final String defaultExecutor;

    /** @param defaultExecutor the executor that runs task instances naming none (the first of [core] executor) */
    TaskInstancesEndpoint(ApiLookup lookup, TaskInstanceRepository taskInstances, TransitionRepository transitions,
            String defaultExecutor) {
        this.lookup = lookup;
        this.taskInstances = taskInstances;
        this.transitions = transitions;
        this.defaultExecutor = defaultExecutor;
    }

    void list(Context ctx) {
        DagRunRecord run = lookup.run(ApiLookup.runKey(ctx));
        ctx.json(new ApiViews.RunTaskInstances(ApiViews.RunView.of(run), taskInstances.listByRun(run.key()).stream()
                .map(ti -> ApiViews.TaskInstanceView.of(ti, defaultExecutor)).toList()));
    }

    void show(Context ctx) {
        TaskInstanceId id = taskInstanceId(ctx, lookup);
        TaskInstance ti = lookup.taskInstance(id);
        ctx.json(new ApiViews.TaskInstanceDetail(ApiViews.TaskInstanceView.of(ti, defaultExecutor),
                TryHistory.of(transitions.forTaskInstance(id))));
    }

    void transitions(Context ctx) {
        TaskInstanceId id = taskInstanceId(ctx, lookup);
        lookup.taskInstance(id);
        ctx.json(new ApiViews.TransitionList(id.dagId(), id.runId(), id.taskId(), id.mapIndex(),
                transitions.forTaskInstance(id).stream().map(ApiViews.TransitionView::of).toList()));
    }

    /**
     * The task instance a {@code .../tasks/{task_id}/...} path and its {@code map_index} name; run id {@code latest}
     * is the DAG's newest run.
     */
    static TaskInstanceId taskInstanceId(Context ctx, ApiLookup lookup) {
        String runId = ctx.pathParam(ApiLookup.RUN_ID);
        if (RunIdRule.LATEST.equals(runId)) {
            runId = lookup.run(ApiLookup.runKey(ctx)).runId();
        }
        return new TaskInstanceId(ctx.pathParam(ApiLookup.DAG_ID), ctx.pathParam(ApiLookup.TASK_ID), runId,
                ApiParameters.mapIndex(ctx));
    }
}
