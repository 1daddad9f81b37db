package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.taskpod.app.operate.BackfillPlan;
import io.taskpod.app.operate.ClearOptions;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.operate.TaskSelection;
import io.taskpod.app.scheduler.RunIds;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.operate.RunChange;
import io.taskpod.store.operate.TaskChange;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The manual actions over HTTP, in Airflow's shapes where they fit: {@code GET} and {@code PATCH} (is_paused) of
 * {@code /dags/{dag_id}}, {@code POST /dags/{dag_id}/clearTaskInstances}, {@code PATCH} of a run's state and
 * {@code POST .../runs/{run_id}/cancel}, {@code PATCH} of a task instance's state, and {@code POST /backfills}. Each
 * goes through {@link RunOperations}, as the CLI does, recording the caller as the actor.
 */
final class OperateEndpoint {

    private static final Set<String> PATCH_DAG_FIELDS = Set.of("is_paused");
    private static final Set<String> CLEAR_FIELDS = Set.of("dry_run", "task_ids", "task_regex", "dag_run_id",
            "start_date", "end_date", "only_failed", "only_running", "include_upstream", "include_downstream");
    private static final Set<String> RUN_STATE_FIELDS = Set.of("state");
    private static final Set<String> TASK_STATE_FIELDS = Set.of("new_state", "dry_run", "include_upstream",
            "include_downstream");
    private static final Set<String> BACKFILL_FIELDS = Set.of("dag_id", "from_date", "to_date", "dry_run");
    private static final List<String> END_STATES = List.of("success", "failed");

    private final ApiLookup lookup;
    private final DagRepository dagRows;
    private final DagRunRepository runs;
    private final RunOperations operations;
    private final ObjectMapper json;
    private final Clock clock;

    OperateEndpoint(ApiLookup lookup, DagRepository dagRows, DagRunRepository runs, RunOperations operations,
            ObjectMapper json, Clock clock) {
        this.lookup = lookup;
        this.dagRows = dagRows;
        this.runs = runs;
        this.operations = operations;
        this.json = json;
        this.clock = clock;
    }

    void showDag(Context ctx) {
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        ctx.json(dagView(dag));
    }

    void patchDag(Context ctx) {
        String dagId = ctx.pathParam(ApiLookup.DAG_ID);
        ApiBody body = ApiBody.of(ctx, json, PATCH_DAG_FIELDS, "a JSON object with is_paused");
        boolean paused = body.bool("is_paused").orElseThrow(() -> ApiError.badRequest("is_paused",
                "is_paused (true or false) is required"));
        Dag dag = lookup.loadedDag(dagId);
        if (!operations.setPaused(dagId, paused, Caller.of(ctx).actor())) {
            throw ApiError.conflict(ApiLookup.DAG_ID, "DAG '" + dagId + "' is not stored yet: a scheduler stores each "
                    + "DAG when it first reads it; try again once one is running");
        }
        ctx.json(dagView(dag));
    }

    private ApiViews.DagView dagView(Dag dag) {
        return ApiViews.DagView.of(dag, dagRows.find(dag.dagId()), runs.listByDag(dag.dagId(), ApiViews.RECENT_RUNS));
    }

    void clear(Context ctx) {
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        ApiBody body = ApiBody.of(ctx, json, CLEAR_FIELDS, "a JSON object with Airflow's clearTaskInstances fields");
        Optional<String> runId = body.text("dag_run_id");
        Optional<Instant> start = body.instant("start_date");
        Optional<Instant> end = body.instant("end_date");
        if (runId.isPresent() && (start.isPresent() || end.isPresent())) {
            throw ApiError.badRequest("dag_run_id", "give either dag_run_id or start_date/end_date, not both");
        }
        runId = runId.map(id -> lookup.run(new RunKey(dag.dagId(), id)).runId());
        List<String> taskIds = body.texts("task_ids");
        taskIds.stream().filter(id -> dag.task(id).isEmpty()).findFirst().ifPresent(unknown -> {
            throw ApiError.badRequest("task_ids", "DAG '" + dag.dagId() + "' has no task '" + ApiText.quote(unknown) + "'");
        });
        ClearOptions options = new ClearOptions(body.text("task_regex").map(OperateEndpoint::pattern), taskIds, runId,
                start, end, body.bool("only_failed").orElse(true), body.bool("only_running").orElse(false),
                body.bool("include_upstream").orElse(false), body.bool("include_downstream").orElse(false));
        boolean dryRun = body.bool("dry_run").orElse(true);
        List<TaskChange> changes = dryRun ? operations.previewClear(dag, options)
                : operations.clear(dag, options, Caller.of(ctx).actor());
        ctx.json(new OperateViews.TaskChanges(dryRun, OperateViews.TaskChangeView.of(changes)));
    }

    void patchRun(Context ctx) {
        DagRunRecord run = lookup.run(ApiLookup.runKey(ctx));
        ApiBody body = ApiBody.of(ctx, json, RUN_STATE_FIELDS, "a JSON object with state");
        String state = body.oneOf("state", END_STATES).orElseThrow(() -> ApiError.badRequest("state",
                "state (success or failed) is required"));
        endRun(ctx, run, DagRunState.fromDb(state), false);
    }

    void cancelRun(Context ctx) {
        DagRunRecord run = lookup.run(ApiLookup.runKey(ctx));
        endRun(ctx, run, DagRunState.FAILED, true);
    }

    private void endRun(Context ctx, DagRunRecord run, DagRunState to, boolean cancel) {
        RunChange change = operations.endRun(run.key(), to, cancel, Caller.of(ctx).actor())
                .orElseThrow(() -> ApiError.notFound(ApiLookup.RUN_ID, "run '" + run.runId() + "' is gone"));
        ctx.json(new OperateViews.RunChangeView(ApiViews.RunView.of(runs.find(run.key()).orElseThrow()),
                change.from().dbValue(), OperateViews.TaskChangeView.of(change.taskInstances())));
    }

    void patchTaskInstance(Context ctx) {
        DagRunRecord run = lookup.run(ApiLookup.runKey(ctx));
        Dag dag = lookup.loadedDag(run.dagId());
        String taskId = ctx.pathParam(ApiLookup.TASK_ID);
        if (dag.task(taskId).isEmpty()) {
            throw ApiError.notFound(ApiLookup.TASK_ID, "DAG '" + dag.dagId() + "' has no task '" + ApiText.quote(taskId)
                    + "'");
        }
        Optional<Integer> mapIndex = ctx.queryParam(ApiParameters.MAP_INDEX) == null ? Optional.empty()
                : Optional.of(ApiParameters.mapIndex(ctx));
        ApiBody body = ApiBody.of(ctx, json, TASK_STATE_FIELDS, "a JSON object with new_state and optional dry_run, "
                + "include_upstream, include_downstream");
        String state = body.oneOf("new_state", END_STATES).orElseThrow(() -> ApiError.badRequest("new_state",
                "new_state (success or failed) is required"));
        boolean dryRun = body.bool("dry_run").orElse(true);
        Set<String> tasks = TaskSelection.expand(dag, Set.of(taskId), body.bool("include_upstream").orElse(false),
                body.bool("include_downstream").orElse(false));
        List<TaskChange> changes = operations.mark(dag, run.key(), tasks,
                mapIndex.map(index -> Map.of(taskId, index)).orElse(Map.of()), TaskState.fromDb(state), dryRun,
                Caller.of(ctx).actor());
        ctx.json(new OperateViews.TaskChanges(dryRun, OperateViews.TaskChangeView.of(changes)));
    }

    void backfill(Context ctx) {
        ApiBody body = ApiBody.of(ctx, json, BACKFILL_FIELDS, "a JSON object with dag_id, from_date, to_date and "
                + "optional dry_run");
        String dagId = body.text("dag_id").orElseThrow(() -> ApiError.badRequest("dag_id", "dag_id is required"));
        Instant from = body.instant("from_date").orElseThrow(() -> ApiError.badRequest("from_date",
                "from_date is required"));
        Instant to = body.instant("to_date").orElseThrow(() -> ApiError.badRequest("to_date", "to_date is required"));
        boolean dryRun = body.bool("dry_run").orElse(false);
        Dag dag = lookup.loadedDag(dagId);
        try {
            if (dryRun) {
                List<ApiViews.RunView> planned = BackfillPlan.runs(dag, from, to, clock.instant()).stream()
                        .map(run -> new ApiViews.RunView(dagId, RunIds.backfill(
                                run.logicalDate()), "backfill", "queued", run.logicalDate(), run.interval().start(),
                                run.interval().end(), null, Caller.of(ctx).actor().name(), null, null, null))
                        .toList();
                ctx.json(new OperateViews.BackfillView(dagId, true, planned, List.of()));
                return;
            }
            RunOperations.Backfill backfill = operations.backfill(dag, from, to, Caller.of(ctx).actor());
            ctx.status(backfill.created().isEmpty() ? 200 : 201).json(new OperateViews.BackfillView(dagId, false,
                    backfill.created().stream().map(ApiViews.RunView::of).toList(), backfill.existing()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("from_date", e.getMessage());
        }
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ApiError.badRequest("task_regex", "task_regex is not a valid regular expression: "
                    + e.getDescription());
        }
    }
}
