package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.execution.ExecutionMessages;
import io.taskpod.store.StoreException;
import io.taskpod.store.user.Role;
import io.taskpod.store.worker.WorkerStoreException;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the server with the role it needs ({@link ApiAuth}: viewer reads, op acts on DAGs and runs, admin
 * manages users; the execution API's routes check a per-try token instead), declared in one place; requests naming
 * another server in their {@code Host} header refused ({@link HostHeaderGuard}); changes sent from a page of another
 * site refused ({@link CrossOriginGuard}); and how failures become JSON errors: an {@link ApiError} with its status
 * and headers; an
 * unknown path 404; the database out of reach 503; anything else 500 (logged with its trace, answered without it);
 * what Jetty refuses before routing (a path too long, headers too large) by {@link JsonErrorHandler}.
 */
final class ApiRoutes implements Consumer<JavalinConfig> {

    static final String API = "/api/v1";
    static final String DAGS = API + "/dags";
    static final String DAG = DAGS + "/{dag_id}";
    static final String RUNS = DAG + "/runs";
    static final String RUN = RUNS + "/{run_id}";
    static final String TASKS = RUN + "/tasks";
    static final String TASK = TASKS + "/{task_id}";
    static final String SESSION = API + "/session";
    static final String USERS = API + "/users";
    /** The execution API of pod workers ({@link ExecutionEndpoint}): its own prefix, authenticated by per-try tokens. */
    static final String EXECUTION = ExecutionApiUrl.PATH;

    /** What {@link PrometheusMeterRegistry#scrape()} writes: Prometheus' text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** The handlers the routes lead to. */
    record Endpoints(HealthCheck health, PrometheusMeterRegistry metrics, DagsEndpoint dags, RunsEndpoint runs,
            TaskInstancesEndpoint taskInstances, TaskLogEndpoint logs, WebUi page, OperateEndpoint operate,
            SessionEndpoint session, AdminEndpoint admin, DagDetailsEndpoint dagDetails, ExecutionEndpoint execution) {}

    private final Endpoints endpoints;
    private final ObjectMapper json;
    private final ApiAuth auth;
    private final boolean authenticateMetrics;
    private final HostHeaderGuard hosts;

    ApiRoutes(Endpoints endpoints, ObjectMapper json, ApiAuth auth, boolean authenticateMetrics,
            HostHeaderGuard hosts) {
        this.endpoints = endpoints;
        this.json = json;
        this.auth = auth;
        this.authenticateMetrics = authenticateMetrics;
        this.hosts = hosts;
    }

    /** {@code handler} for callers whose role includes {@code needed}; see {@link ApiAuth}. */
    private Handler as(Role needed, Handler handler) {
        return ctx -> {
            auth.authorize(ctx, needed);
            handler.handle(ctx);
        };
    }

    @Override
    public void accept(JavalinConfig config) {
        config.jsonMapper(new JavalinJackson(json, false));
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(json)));
        config.routes.before(this::refuseOtherHosts);
        config.routes.before(ApiRoutes::refuseOtherSites);
        endpoints.page().addTo(config);
        config.routes.get("/health", ctx -> {
            HealthReport report = endpoints.health().check();
            ctx.status(report.healthy() ? 200 : 503).json(report);
        });
        Handler metrics = ctx -> ctx.contentType(PROMETHEUS_TEXT).result(endpoints.metrics().scrape());
        config.routes.get("/metrics", authenticateMetrics ? as(Role.VIEWER, metrics) : metrics);
        config.routes.post(SESSION, endpoints.session()::login);
        config.routes.get(SESSION, as(Role.VIEWER, endpoints.session()::show));
        config.routes.delete(SESSION, as(Role.VIEWER, endpoints.session()::logout));
        config.routes.get(DAGS, as(Role.VIEWER, endpoints.dags()::list));
        config.routes.get(DAG, as(Role.VIEWER, endpoints.operate()::showDag));
        config.routes.patch(DAG, as(Role.OP, endpoints.operate()::patchDag));
        config.routes.get(DAG + "/tasks", as(Role.VIEWER, endpoints.dagDetails()::tasks));
        config.routes.get(DAG + "/grid", as(Role.VIEWER, endpoints.dagDetails()::grid));
        config.routes.get(DAG + "/source", as(Role.VIEWER, endpoints.dagDetails()::source));
        config.routes.post(DAG + "/clearTaskInstances", as(Role.OP, endpoints.operate()::clear));
        config.routes.get(RUNS, as(Role.VIEWER, endpoints.runs()::list));
        config.routes.post(RUNS, as(Role.OP, endpoints.runs()::trigger));
        config.routes.patch(RUN, as(Role.OP, endpoints.operate()::patchRun));
        config.routes.post(RUN + "/cancel", as(Role.OP, endpoints.operate()::cancelRun));
        config.routes.get(TASKS, as(Role.VIEWER, endpoints.taskInstances()::list));
        config.routes.get(TASK, as(Role.VIEWER, endpoints.taskInstances()::show));
        config.routes.patch(TASK, as(Role.OP, endpoints.operate()::patchTaskInstance));
        config.routes.get(TASK + "/transitions", as(Role.VIEWER, endpoints.taskInstances()::transitions));
        config.routes.get(TASK + "/logs", as(Role.VIEWER, endpoints.logs()::log));
        config.routes.post(API + "/backfills", as(Role.OP, endpoints.operate()::backfill));
        config.routes.get(API + "/eventLogs", as(Role.VIEWER, endpoints.admin()::eventLogs));
        config.routes.get(USERS, as(Role.ADMIN, endpoints.admin()::listUsers));
        config.routes.post(USERS, as(Role.ADMIN, endpoints.admin()::createUser));
        config.routes.delete(USERS + "/{" + AdminEndpoint.USERNAME + "}", as(Role.ADMIN, endpoints.admin()::deleteUser));

        config.routes.get(EXECUTION + ExecutionMessages.TRY, endpoints.execution()::read);
        config.routes.post(EXECUTION + ExecutionMessages.CLAIM, endpoints.execution()::claim);
        config.routes.post(EXECUTION + ExecutionMessages.HEARTBEAT, endpoints.execution()::heartbeat);
        config.routes.post(EXECUTION + ExecutionMessages.FINISH, endpoints.execution()::finish);

        config.routes.exception(ApiError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            ctx.status(e.status()).json(e.body());
        });
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
        config.routes.exception(WorkerStoreException.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(503).json(new ApiError.Body("the metadata database is unreachable; try again later", null));
        });
        config.routes.exception(Exception.class, ApiRoutes::internalError);
    }

    /** Refuses a request that names another server, as one to a rebound DNS name does ({@link HostHeaderGuard}). */
    private void refuseOtherHosts(Context ctx) {
        hosts.refusal(ctx.path(), Optional.ofNullable(ctx.header("Host"))).ifPresent(why -> {
            throw ApiError.misdirected(why);
        });
    }

    /** Refuses a change a page of another site made a browser send ({@link CrossOriginGuard}). */
    private static void refuseOtherSites(Context ctx) {
        CrossOriginGuard.refusal(ctx.method().name(), Optional.ofNullable(ctx.header("Sec-Fetch-Site")),
                Optional.ofNullable(ctx.header("Origin")), Optional.ofNullable(ctx.header("Host"))).ifPresent(why -> {
                    throw ApiError.forbidden(why);
                });
    }

    private static void internalError(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(new ApiError.Body("internal error (" + e.getClass().getSimpleName()
                + "); the server's log has the details", null));
    }
}
