package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.store.StoreException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the server, declared in one place, and how failures become JSON errors: an {@link ApiError} with its
 * status; an unknown path 404; the database out of reach 503; anything else 500 (logged with its trace, answered
 * without it).
 */
final class ApiRoutes implements Consumer<JavalinConfig> {

    static final String DAGS = "/api/v1/dags";
    static final String RUNS = DAGS + "/{dag_id}/runs";
    static final String TASKS = RUNS + "/{run_id}/tasks";
    static final String TASK = TASKS + "/{task_id}";

    /** What {@link PrometheusMeterRegistry#scrape()} writes: Prometheus' text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** The handlers the routes lead to. */
    record Endpoints(HealthCheck health, PrometheusMeterRegistry metrics, DagsEndpoint dags, RunsEndpoint runs,
            TaskInstancesEndpoint taskInstances, TaskLogEndpoint logs, IndexPage index) {}

    private final Endpoints endpoints;
    private final ObjectMapper json;

    ApiRoutes(Endpoints endpoints, ObjectMapper json) {
        this.endpoints = endpoints;
        this.json = json;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.jsonMapper(new JavalinJackson(json, false));
        config.routes.get("/", endpoints.index()::show);
        config.routes.get("/health", ctx -> {
            HealthReport report = endpoints.health().check();
            ctx.status(report.healthy() ? 200 : 503).json(report);
        });
        config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT)
                .result(endpoints.metrics().scrape()));
        config.routes.get(DAGS, endpoints.dags()::list);
        config.routes.get(RUNS, endpoints.runs()::list);
        config.routes.post(RUNS, endpoints.runs()::trigger);
        config.routes.get(TASKS, endpoints.taskInstances()::list);
        config.routes.get(TASK + "/transitions", endpoints.taskInstances()::transitions);
        config.routes.get(TASK + "/logs", endpoints.logs()::log);

        config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(new ApiError.Body(e.getMessage(), null)));
        config.routes.exception(StoreException.class, (e, ctx) -> {
            if (StoreException.isDatabaseUnavailable(e)) {
                log.warn("{} {}: the database is unreachable: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(503).json(new ApiError.Body("the metadata database is unreachable; try again later", null));
            } else {
                internalError(e, ctx);
            }
        });
        config.routes.exception(Exception.class, ApiRoutes::internalError);
    }

    private static void internalError(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(new ApiError.Body("internal error (" + e.getClass().getSimpleName()
                + "); the server's log has the details", null));
    }
}
