package io.taskpod.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.taskpod.app.scheduler.RunTrigger;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.run.DagRunRepository;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/dags/{dag_id}/runs} (newest first, {@code ?limit=}) and {@code POST} to the same path: a manual
 * run, created as {@code taskpod dags trigger} creates it ({@link RunTrigger}). The body is an optional JSON object
 * with {@code run_id} and {@code conf}; it must be sent as {@code application/json}, which a browser page of another
 * site cannot do without asking first, so no other site can trigger runs through a user's browser.
 */
final class RunsEndpoint {

    static final String CREATED_BY = "api";
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
        switch (trigger.trigger(dag, request.runId(), request.conf(), CREATED_BY)) {
            case RunTrigger.InvalidRunId invalid -> throw ApiError.badRequest("run_id", invalid.problem());
            case RunTrigger.RunIdTaken taken -> throw ApiError.conflict("run_id", "DAG '" + dag.dagId()
                    + "' already has a run '" + taken.run().runId() + "'; choose another run_id");
            case RunTrigger.Created created -> ctx.status(201)
                    .json(new ApiViews.TriggeredRun(ApiViews.RunView.of(created.run()), created.notes()));
        }
    }

    private record TriggerRequest(Optional<String> runId, Optional<String> conf) {}

    private TriggerRequest request(Context ctx) {
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!contentType.toLowerCase().startsWith("application/json")) {
            throw ApiError.unsupportedMediaType("send the trigger request as Content-Type: application/json (a JSON "
                    + "object with optional run_id and conf, or an empty body), got '" + contentType + "'");
        }
        String body = ctx.body();
        if (body.isBlank()) {
            return new TriggerRequest(Optional.empty(), Optional.empty());
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("body", "the body must be a JSON object with optional run_id and conf, got "
                    + node.getNodeType().name().toLowerCase());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BODY_FIELDS.contains(name)) {
                throw ApiError.badRequest(name, "unknown field '" + name + "'; expected run_id and conf");
            }
        }
        return new TriggerRequest(runId(node.get("run_id")), conf(node.get("conf")));
    }

    private static Optional<String> runId(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiError.badRequest("run_id", "run_id must be a non-empty string, got " + value);
        }
        return Optional.of(value.asText());
    }

    private static Optional<String> conf(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw ApiError.badRequest("conf", "conf must be a JSON object, e.g. {\"key\": \"value\"}; got " + value);
        }
        return Optional.of(value.toString());
    }
}
