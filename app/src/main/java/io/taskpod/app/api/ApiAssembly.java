package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.app.logs.SharedPodLogReader;
import io.taskpod.app.logs.TaskLogReader;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.app.operate.RunOperations;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.scheduler.RunTrigger;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.operate.AuditLog;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TransitionRepository;
import io.taskpod.store.user.SessionRepository;
import io.taskpod.store.worker.WorkerTaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires and starts the HTTP server from the configuration: a database pool of its own (so that requests never take
 * connections the scheduler loop needs), the DAGs folder, the task log folder, the repositories and the registry the
 * scheduler records into.
 */
public final class ApiAssembly {

    private static final Logger log = LoggerFactory.getLogger(ApiAssembly.class);

    /** The longest an execution API request waits out a database outage (see {@link #executionDatabaseRetry}). */
    static final Duration EXECUTION_DATABASE_RETRY = Duration.ofSeconds(15);

    /** Connections of the API's own pool. */
    static final int POOL_SIZE = 4;

    /** How trigger notes name the database in HTTP answers, which do not say where it is. */
    static final String API_DATABASE_DESCRIPTION = "the metadata database";

    private ApiAssembly() {}

    /**
     * {@link #start(Config, DatabaseSettings, Optional, PrometheusMeterRegistry, Clock)} when {@code [api] enabled}
     * is True; otherwise starts nothing (scheduler and standalone then serve no HTTP).
     */
    public static Optional<ApiServer> startIfEnabled(Config config, DatabaseSettings database,
            Optional<String> schedulerId, PrometheusMeterRegistry registry, Clock clock) {
        if (!ApiSettings.from(config).enabled()) {
            log.info("API server off ({} = False): no web page, API, /health or /metrics",
                    CoreConfigKeys.API_ENABLED.qualifiedName());
            return Optional.empty();
        }
        return Optional.of(start(config, database, schedulerId, registry, clock));
    }

    /**
     * Starts the server on {@code [api] host}:{@code [api] port}.
     *
     * @param database the metadata database (an embedded server's resolved URL)
     * @param schedulerId the scheduler this process runs, whose heartbeat {@code /health} checks; empty for
     *     {@code taskpod api-server}
     * @throws io.taskpod.core.config.ConfigException when {@code [api] enabled} is False, or it cannot listen there
     *     (naming {@code [api] port})
     */
    public static ApiServer start(Config config, DatabaseSettings database, Optional<String> schedulerId,
            PrometheusMeterRegistry registry, Clock clock) {
        SharedPodLogReader pods = new SharedPodLogReader(config);
        return start(config, database, schedulerId, registry, clock, pods, pods);
    }

    /**
     * {@link #start(Config, DatabaseSettings, Optional, PrometheusMeterRegistry, Clock)}, reading pod logs with
     * {@code pods}.
     */
    static ApiServer start(Config config, DatabaseSettings database, Optional<String> schedulerId,
            PrometheusMeterRegistry registry, Clock clock, TaskLogReader.PodLogTail pods) {
        return start(config, database, schedulerId, registry, clock, pods, () -> { });
    }

    /** Starts the server, which closes {@code podsClient} (then the database pool) when it is closed. */
    private static ApiServer start(Config config, DatabaseSettings database, Optional<String> schedulerId,
            PrometheusMeterRegistry registry, Clock clock, TaskLogReader.PodLogTail pods, AutoCloseable podsClient) {
        ApiSettings settings = ApiSettings.from(config).requireEnabled();
        Database pool = Database.open(database.withPoolSize(POOL_SIZE), "api");
        AutoCloseable owned = () -> {
            try {
                podsClient.close();
            } finally {
                pool.close();
            }
        };
        ApiRoutes routes;
        try {
            routes = routes(config, settings, schedulerId, registry, clock, pods, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return ApiServer.start(settings, routes, owned);
    }

    /**
     * How long an execution API request retries a database outage before it answers 503: {@code [scheduler]
     * worker_state_write_timeout}, at most {@link #EXECUTION_DATABASE_RETRY}, shorter than the worker's request
     * timeout, so the worker sees the 503 and retries for the whole write timeout itself.
     */
    private static Duration executionDatabaseRetry(Config config) {
        Duration configured = config.get(CoreConfigKeys.WORKER_STATE_WRITE_TIMEOUT);
        return configured.compareTo(EXECUTION_DATABASE_RETRY) < 0 ? configured : EXECUTION_DATABASE_RETRY;
    }

    private static ApiRoutes routes(Config config, ApiSettings settings, Optional<String> schedulerId,
            PrometheusMeterRegistry registry, Clock clock, TaskLogReader.PodLogTail pods, Database pool) {
        Jdbc jdbc = new Jdbc(pool);
        DagFolderSource folder = new DagFolderSource(config);
        DagRepository dagRows = new DagRepository(jdbc);
        DagBagCache dags = new DagBagCache(folder, () -> dagRows.list().stream()
                .collect(Collectors.toMap(DagRecord::dagId, DagRecord::fileloc)), config.get(CoreConfigKeys.DAG_DIR_LIST_INTERVAL), clock);
        DagRunRepository runs = new DagRunRepository(jdbc);
        TaskInstanceRepository taskInstances = new TaskInstanceRepository(jdbc);
        ApiLookup lookup = new ApiLookup(dags, folder.dagsFolder(), dagRows, runs, taskInstances);
        ObjectMapper json = ApiJson.mapper();
        Users users = new Users(jdbc, new Passwords(), clock);
        SessionRepository sessions = new SessionRepository(jdbc);
        ThrottledLogins logins = new ThrottledLogins(users, new LoginThrottle(settings.loginMaxFailures(),
                settings.loginFailureWindow(), clock));
        ApiAuth auth = new ApiAuth(settings.authenticate(), users, logins, sessions, clock);
        Path logFolder = Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER));
        TaskLogReader logs = new TaskLogReader(new TaskLogFiles(logFolder, clock), taskInstances::find,
                (missingFile, pod) -> pods.read(logFolder.relativize(missingFile), pod),
                RemoteLogs.of(config).map(remote -> remote::read));
        ApiRoutes.Endpoints endpoints = new ApiRoutes.Endpoints(
                new HealthCheck(jdbc, schedulerId, config.get(CoreConfigKeys.SCHEDULER_HEALTH_CHECK_THRESHOLD), registry,
                        clock),
                registry,
                new DagsEndpoint(dags, dagRows, runs),
                new RunsEndpoint(lookup, runs, new RunTrigger(jdbc, API_DATABASE_DESCRIPTION,
                        config.get(CoreConfigKeys.SCHEDULER_HEALTH_CHECK_THRESHOLD), clock), json),
                new TaskInstancesEndpoint(lookup, taskInstances, new TransitionRepository(jdbc),
                        config.get(CoreConfigKeys.EXECUTOR).getFirst()),
                new TaskLogEndpoint(lookup, logs, clock),
                new WebUi(),
                new OperateEndpoint(lookup, dagRows, runs, new RunOperations(jdbc, clock), json, clock),
                new SessionEndpoint(auth, logins, sessions, settings.sessionLifetime(), clock, json),
                new AdminEndpoint(new AuditLog(jdbc), users, json),
                new DagDetailsEndpoint(lookup, runs, taskInstances),
                new ExecutionEndpoint(WorkerTaskStore.of(pool, executionDatabaseRetry(config), clock),
                        TryTokens.from(config, clock)));
        return new ApiRoutes(endpoints, json, auth, settings.authenticate() && settings.authenticateMetrics(),
                settings.hostGuard());
    }
}
