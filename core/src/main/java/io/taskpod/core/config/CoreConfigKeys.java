package io.taskpod.core.config;

import static io.taskpod.core.config.ValueParsers.bool;
import static io.taskpod.core.config.ValueParsers.commaList;
import static io.taskpod.core.config.ValueParsers.integer;
import static io.taskpod.core.config.ValueParsers.nonEmptyString;
import static io.taskpod.core.config.ValueParsers.oneOf;
import static io.taskpod.core.config.ValueParsers.seconds;
import static io.taskpod.core.config.ValueParsers.string;

import java.time.Duration;
import java.util.List;

/**
 * The keys of {@code [core]}, {@code [database]}, {@code [scheduler]}, {@code [logging]}, {@code [api]} and
 * {@code [local_kubernetes_executor]}. Names and defaults follow Airflow's where Airflow has the key.
 */
public final class CoreConfigKeys {

    public static final String CORE = "core";
    public static final String DATABASE = "database";
    public static final String SCHEDULER = "scheduler";
    public static final String LOGGING = "logging";
    public static final String API = "api";
    public static final String LOCAL_KUBERNETES_EXECUTOR = "local_kubernetes_executor";
    /** Declared here so its keys are accepted before the kubernetes module is configured; keys live there. */
    public static final String KUBERNETES_EXECUTOR = "kubernetes_executor";

    // [core]
    public static final ConfigKey<List<String>> EXECUTOR = ConfigKey.of(CORE, "executor", "LocalExecutor",
            nonEmptyList(), "Executor, or comma-separated list of executors (the first is the default): "
                    + "LocalExecutor, KubernetesExecutor, LocalKubernetesExecutor.");
    public static final ConfigKey<Integer> PARALLELISM = ConfigKey.of(CORE, "parallelism", "32",
            integer(0, Integer.MAX_VALUE), "Most task instances each executor runs at once (0 = unlimited). Each side "
                    + "of LocalKubernetesExecutor and each executor of a list has its own budget, so a full one never "
                    + "holds back another's tasks.");
    public static final ConfigKey<String> DAGS_FOLDER = ConfigKey.of(CORE, "dags_folder", "{TASKPOD_HOME}/dags",
            nonEmptyString(), "Folder scanned for DAG files (*.yaml, *.yml).");
    public static final ConfigKey<Boolean> LOAD_EXAMPLES = ConfigKey.of(CORE, "load_examples", "True", bool(),
            "Also load the example DAGs bundled with taskpod.");
    public static final ConfigKey<Integer> MAX_ACTIVE_TASKS_PER_DAG = ConfigKey.of(CORE, "max_active_tasks_per_dag",
            "16", integer(1, Integer.MAX_VALUE), "Default for a DAG's max_active_tasks: task instances queued or running at once.");
    public static final ConfigKey<Integer> MAX_ACTIVE_RUNS_PER_DAG = ConfigKey.of(CORE, "max_active_runs_per_dag",
            "16", integer(1, Integer.MAX_VALUE), "Default for a DAG's max_active_runs.");
    public static final ConfigKey<String> DEFAULT_QUEUE = ConfigKey.of(CORE, "default_queue", "default",
            nonEmptyString(), "Queue of tasks that do not name one.");
    public static final ConfigKey<Integer> DEFAULT_TASK_RETRIES = ConfigKey.of(CORE, "default_task_retries", "0",
            integer(0, Integer.MAX_VALUE), "Retries of tasks that do not set retries.");
    public static final ConfigKey<Duration> DEFAULT_TASK_RETRY_DELAY = ConfigKey.of(CORE, "default_task_retry_delay",
            "300", seconds(0), "Seconds before a failed task is retried, for tasks that do not set retry_delay.");
    public static final ConfigKey<Boolean> DAGS_ARE_PAUSED_AT_CREATION = ConfigKey.of(CORE,
            "dags_are_paused_at_creation", "False", bool(), "Whether a DAG the scheduler finds for the first time starts "
                    + "paused (no scheduled runs, nothing queued until `taskpod dags unpause`). Airflow's default is True; "
                    + "taskpod runs what you write unless you ask otherwise.");
    public static final ConfigKey<Duration> KILLED_TASK_CLEANUP_TIME = ConfigKey.of(CORE, "killed_task_cleanup_time",
            "60", seconds(0), "Seconds a task process gets after SIGTERM before it is killed.");
    public static final ConfigKey<String> EXECUTION_API_SERVER_URL = ConfigKey.of(CORE, "execution_api_server_url", "",
            string(), "URL of the execution API that pod workers report to (claim, heartbeat, final state), e.g. "
                    + "http://taskpod-api:8080/execution/ (Airflow 3's key). Empty: http://{[api] host}:{[api] port}"
                    + "/execution/ on this host (127.0.0.1 for a wildcard host), for single-host use.");

    // [database]
    public static final ConfigKey<String> DATABASE_URL = ConfigKey.of(DATABASE, "url", "", string(),
            "JDBC URL of the PostgreSQL metadata database, e.g. jdbc:postgresql://db:5432/taskpod. Empty: an embedded "
                    + "PostgreSQL with its data in {TASKPOD_HOME}/db (standalone and local use).")
            .withSensitivity(Sensitivity.URL_WITH_CREDENTIALS);
    public static final ConfigKey<String> DATABASE_USER = ConfigKey.of(DATABASE, "user", "taskpod", string(),
            "Database user.");
    public static final ConfigKey<String> DATABASE_PASSWORD = ConfigKey.of(DATABASE, "password", "", string(),
            "Database password. Prefer the environment variable TASKPOD__DATABASE__PASSWORD.")
            .withSensitivity(Sensitivity.SECRET);
    public static final ConfigKey<Integer> DATABASE_POOL_SIZE = ConfigKey.of(DATABASE, "pool_size", "5",
            integer(1, 1000), "Connections the scheduler keeps open.");
    public static final ConfigKey<Integer> EMBEDDED_PORT = ConfigKey.of(DATABASE, "embedded_port", "0",
            integer(0, 65535), "Port of the embedded PostgreSQL (0: the last one used, else a free one).");

    // [scheduler]
    public static final ConfigKey<String> INSTANCE_ID = ConfigKey.of(SCHEDULER, "instance_id", "", string(),
            "Stable id of this scheduler; pods carry it. Empty: derived from the host name. A restart with the same id "
                    + "resumes its own pods; schedulers with different ids adopt each other's only when one is dead.");
    public static final ConfigKey<Duration> SCHEDULER_HEARTBEAT_SEC = ConfigKey.of(SCHEDULER, "scheduler_heartbeat_sec",
            "5", seconds(0.1), "Seconds between heartbeats of the scheduler row.");
    public static final ConfigKey<Duration> SCHEDULER_HEALTH_CHECK_THRESHOLD = ConfigKey.of(SCHEDULER,
            "scheduler_health_check_threshold", "30", seconds(0.5),
            "A scheduler whose heartbeat is older than this is dead; its task instances are adopted or reset.");
    public static final ConfigKey<Duration> SCHEDULER_IDLE_SLEEP_TIME = ConfigKey.of(SCHEDULER,
            "scheduler_idle_sleep_time", "1", seconds(0.01), "Longest pause of the scheduler loop when there is nothing to do.");
    public static final ConfigKey<Integer> MAX_TIS_PER_QUERY = ConfigKey.of(SCHEDULER, "max_tis_per_query", "512",
            integer(0, Integer.MAX_VALUE), "Most task instances queued per loop (0 = parallelism).");
    public static final ConfigKey<Duration> ORPHANED_TASKS_CHECK_INTERVAL = ConfigKey.of(SCHEDULER,
            "orphaned_tasks_check_interval", "300", seconds(0.1),
            "Seconds between adoption passes over task instances of dead schedulers (also run at start).");
    public static final ConfigKey<Duration> TASK_QUEUED_TIMEOUT = ConfigKey.of(SCHEDULER, "task_queued_timeout",
            "600", seconds(0.1), "A task queued longer than this is revoked and requeued (then failed).");
    public static final ConfigKey<Duration> TASK_QUEUED_TIMEOUT_CHECK_INTERVAL = ConfigKey.of(SCHEDULER,
            "task_queued_timeout_check_interval", "120", seconds(0.1), "Seconds between stuck-in-queued checks.");
    public static final ConfigKey<Integer> NUM_STUCK_IN_QUEUED_RETRIES = ConfigKey.of(SCHEDULER,
            "num_stuck_in_queued_retries", "2", integer(0, Integer.MAX_VALUE),
            "How many times a task stuck in queued is requeued before it fails.");
    public static final ConfigKey<Duration> TASK_INSTANCE_HEARTBEAT_TIMEOUT = ConfigKey.of(SCHEDULER,
            "task_instance_heartbeat_timeout", "300", seconds(0.5),
            "A running task instance whose worker has not heartbeaten for this long is failed (zombie).");
    public static final ConfigKey<Duration> TASK_INSTANCE_HEARTBEAT_SEC = ConfigKey.of(SCHEDULER,
            "task_instance_heartbeat_sec", "5", seconds(0.1), "Seconds between a worker's heartbeats of its task instance.");
    public static final ConfigKey<Duration> CLEAR_NOT_LAUNCHED_INTERVAL = ConfigKey.of(SCHEDULER,
            "clear_not_launched_interval", "60", seconds(0.1),
            "Seconds between passes that put task instances this scheduler queued but never launched back to scheduled.");
    public static final ConfigKey<Duration> DAG_DIR_LIST_INTERVAL = ConfigKey.of(SCHEDULER, "dag_dir_list_interval",
            "30", seconds(0.1), "Seconds between re-reads of the DAGs folder.");
    public static final ConfigKey<Boolean> CATCHUP_BY_DEFAULT = ConfigKey.of(SCHEDULER, "catchup_by_default", "True",
            bool(), "Default of a DAG's catchup.");
    public static final ConfigKey<Duration> WORKER_STATE_WRITE_TIMEOUT = ConfigKey.of(SCHEDULER,
            "worker_state_write_timeout", "120", seconds(0),
            "How long a worker keeps retrying a state write while the database is unreachable.");

    // [logging]
    public static final ConfigKey<String> BASE_LOG_FOLDER = ConfigKey.of(LOGGING, "base_log_folder",
            "{TASKPOD_HOME}/logs", nonEmptyString(), "Folder of task logs (when pods run tasks: a volume they share with the scheduler, or remote_logging).");
    public static final ConfigKey<String> LOGGING_LEVEL = ConfigKey.of(LOGGING, "logging_level", "INFO",
            oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR"), "Level of taskpod's own log.");

    // [api]
    public static final ConfigKey<Boolean> API_ENABLED = ConfigKey.of(API, "enabled", "True", bool(),
            "Whether scheduler and standalone serve the HTTP server (web page, API, /health, /metrics); False "
                    + "switches it off (api-server then refuses to start).");
    public static final ConfigKey<Integer> API_PORT = ConfigKey.of(API, "port", "8080", integer(0, 65535),
            "Port of the HTTP server (web page, API, /health, /metrics) of scheduler, standalone and api-server "
                    + "(0: any free port).");
    public static final ConfigKey<String> API_HOST = ConfigKey.of(API, "host", "127.0.0.1", nonEmptyString(),
            "Address the HTTP server listens on; loopback by default. In a pod, 0.0.0.0 so that probes and "
                    + "Prometheus reach it.");

    public static final ConfigKey<Boolean> API_AUTHENTICATE = ConfigKey.of(API, "authenticate", "", bool(), "Whether every /api request must name a user (HTTP Basic, or the page's login session): "
                    + "without one it gets 401, a role without the right 403. Empty: on whenever [api] host is not a "
                    + "loopback address. /health is always open. Create users with `taskpod users create`.");
    public static final ConfigKey<Boolean> API_AUTHENTICATE_METRICS = ConfigKey.of(API, "authenticate_metrics",
            "False", bool(), "Whether /metrics needs a user too (any role) while [api] authenticate is on.");
    public static final ConfigKey<Integer> API_SESSION_LIFETIME_MINUTES = ConfigKey.of(API, "session_lifetime_minutes",
            "720", integer(1, 525_600), "Minutes a login session of the web page lasts.");
    public static final ConfigKey<List<String>> API_ALLOWED_HOSTS = ConfigKey.of(API, "allowed_hosts", "", commaList(),
            "Host names (comma-separated, e.g. taskpod.example.com) the HTTP server answers to besides localhost, "
                    + "IP addresses and [api] host: a request whose Host header names anything else gets 421, so that "
                    + "a web page whose name was rebound to this address (DNS rebinding) cannot use the API from a "
                    + "visitor's browser; * answers to any name. Empty: only localhost and IP addresses while [api] host is "
                    + "loopback, any name otherwise. /execution/ (per-try tokens) is never checked.");
    public static final ConfigKey<Integer> API_LOGIN_MAX_FAILURES = ConfigKey.of(API, "login_max_failures", "5",
            integer(0, 1000), "Failed logins (HTTP Basic or the page's login) a username may have within "
                    + "[api] login_failure_window; further logins of that user get 429 with Retry-After, without a "
                    + "password check, until the window has passed. A successful login starts the count afresh. "
                    + "0: no limit.");
    public static final ConfigKey<Duration> API_LOGIN_FAILURE_WINDOW = ConfigKey.of(API, "login_failure_window",
            "300", seconds(1), "Seconds from a username's first failed login during which [api] login_max_failures "
                    + "counts; the longest a locked-out user waits.");
    public static final ConfigKey<String> EXECUTION_API_JWT_SECRET = ConfigKey.of(API, "execution_api_jwt_secret", "",
            string(), "Key that signs and checks the per-try tokens of the execution API (HS256; use 32 or more random "
                    + "characters). Schedulers and api-servers must share it; prefer TASKPOD__API__EXECUTION_API_JWT_SECRET "
                    + "from a Secret. Empty: a random key per process, so only the process that minted a token accepts "
                    + "it (standalone, a scheduler serving its own workers).")
            .withSensitivity(Sensitivity.SECRET);
    public static final ConfigKey<String> EXECUTION_API_JWT_PREVIOUS_SECRET = ConfigKey.of(API,
            "execution_api_jwt_previous_secret", "", string(), "The key before the current execution_api_jwt_secret: "
                    + "still accepted (never used to sign) during a rotation, until tokens it signed have expired.")
            .withSensitivity(Sensitivity.SECRET);
    public static final ConfigKey<Duration> EXECUTION_API_JWT_EXPIRATION_TIME = ConfigKey.of(API,
            "execution_api_jwt_expiration_time", "600", seconds(10), "Seconds a per-try token is valid after it is "
                    + "renewed (every heartbeat answer carries a renewed one). The token a pod starts with is valid "
                    + "this plus [kubernetes_executor] worker_pods_pending_timeout after its minting at the launch.");

    // [local_kubernetes_executor]
    public static final ConfigKey<List<String>> KUBERNETES_QUEUE = ConfigKey.of(LOCAL_KUBERNETES_EXECUTOR,
            "kubernetes_queue", "kubernetes", nonEmptyList(),
            "Queue (or comma-separated queues) whose tasks the LocalKubernetesExecutor runs as pods; tasks on any other "
                    + "queue run locally. Names are compared exactly.");

    /** Every key above, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(
            EXECUTOR, PARALLELISM, DAGS_FOLDER, LOAD_EXAMPLES, MAX_ACTIVE_TASKS_PER_DAG, MAX_ACTIVE_RUNS_PER_DAG,
            DEFAULT_QUEUE, DEFAULT_TASK_RETRIES, DEFAULT_TASK_RETRY_DELAY, DAGS_ARE_PAUSED_AT_CREATION, KILLED_TASK_CLEANUP_TIME,
            EXECUTION_API_SERVER_URL,
            DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_POOL_SIZE, EMBEDDED_PORT,
            INSTANCE_ID, SCHEDULER_HEARTBEAT_SEC, SCHEDULER_HEALTH_CHECK_THRESHOLD, SCHEDULER_IDLE_SLEEP_TIME,
            MAX_TIS_PER_QUERY, ORPHANED_TASKS_CHECK_INTERVAL, TASK_QUEUED_TIMEOUT, TASK_QUEUED_TIMEOUT_CHECK_INTERVAL,
            NUM_STUCK_IN_QUEUED_RETRIES, TASK_INSTANCE_HEARTBEAT_TIMEOUT, TASK_INSTANCE_HEARTBEAT_SEC,
            CLEAR_NOT_LAUNCHED_INTERVAL, DAG_DIR_LIST_INTERVAL, CATCHUP_BY_DEFAULT, WORKER_STATE_WRITE_TIMEOUT,
            BASE_LOG_FOLDER, LOGGING_LEVEL,
            API_ENABLED, API_PORT, API_HOST, API_AUTHENTICATE, API_AUTHENTICATE_METRICS, API_SESSION_LIFETIME_MINUTES,
            API_ALLOWED_HOSTS, API_LOGIN_MAX_FAILURES, API_LOGIN_FAILURE_WINDOW,
            EXECUTION_API_JWT_SECRET, EXECUTION_API_JWT_PREVIOUS_SECRET, EXECUTION_API_JWT_EXPIRATION_TIME,
            KUBERNETES_QUEUE);

    private CoreConfigKeys() {}

    private static ValueParser<List<String>> nonEmptyList() {
        ValueParser<List<String>> list = commaList();
        return raw -> {
            List<String> items = list.parse(raw);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a comma-separated list with at least one name");
            }
            return items;
        };
    }
}
