package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.taskpod.app.scheduler.RunTrigger;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.run.DagRunRepository;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/dags/{dag_id}/runs} (newest first, {@code ?limit=}) and {@code POST} to the same path: a manual
 * run, created as {@code taskpod dags trigger} creates it ({@link RunTrigger}). The body is an optional JSON object
 * with {@code run_id} and {@code conf}; it must be sent as {@code application/json}, which a browser page of another
 * site cannot do without asking first, so no other site can trigger runs through a user's browser.
 */
final class RunsEndpoint {

    private static final Set<String> BODY_FIELDS = Set.of("run_id", "conf");

    private final ApiLookup lookup;
    private final DagRunRepository runs;
    private final RunTrigger trigger;
    private final ObjectMapper json;

    RunsEndpoint(ApiLookup lookup, DagRunRepository runs, RunTrigger trigger, ObjectMapper json) {
        this.lookup = lookup;
        this.runs = runs;
        this.trigger = trigger;
        this.json = json;
    }

    void list(Context ctx) {
        String dagId = ctx.pathParam(ApiLookup.DAG_ID);
        int limit = ApiParameters.limit(ctx);
        lookup.requireDag(dagId);
        ctx.json(new ApiViews.RunList(dagId, runs.listByDag(dagId, limit).stream().map(ApiViews.RunView::of).toList()));
    }

    void trigger(Context ctx) {
        TriggerRequest request = request(ctx);
        Dag dag = lookup.loadedDag(ctx.pathParam(ApiLookup.DAG_ID));
        switch (trigger.trigger(dag, request.runId(), request.conf(), Caller.of(ctx).actor().name())) {
            case RunTrigger.InvalidRunId invalid -> throw ApiError.badRequest("run_id", invalid.problem());
            case RunTrigger.RunIdTaken taken -> throw ApiError.conflict("run_id", "DAG '" + dag.dagId()
                    + "' already has a run '" + taken.run().runId() + "'; choose another run_id");
            case RunTrigger.Created created -> ctx.status(201)
                    .json(new ApiViews.TriggeredRun(ApiViews.RunView.of(created.run()), created.notes()));
        }
    }

    private record TriggerRequest(Optional<String> runId, Optional<String> conf) {}

    private TriggerRequest request(Context ctx) {
        ApiBody body = ApiBody.of(ctx, json, BODY_FIELDS, "a JSON object with optional run_id and conf, or an empty body");
        return new TriggerRequest(body.text("run_id"), body.object("conf"));
    }
}
