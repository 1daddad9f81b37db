package io.taskpod.kubernetes.config;

import static io.taskpod.core.config.ValueParsers.bool;
import static io.taskpod.core.config.ValueParsers.commaList;
import static io.taskpod.core.config.ValueParsers.decimal;
import static io.taskpod.core.config.ValueParsers.integer;
import static io.taskpod.core.config.ValueParsers.seconds;
import static io.taskpod.core.config.ValueParsers.string;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The keys of {@code [kubernetes_executor]}: Airflow's, with Airflow's names, defaults and meanings (where taskpod
 * differs, the description says so), plus taskpod's own launch and watch knobs. Read them through
 * {@link KubernetesExecutorSettings#from}, which also checks how they combine.
 */
public final class KubernetesConfigKeys {

    public static final String SECTION = CoreConfigKeys.KUBERNETES_EXECUTOR;

    /** Airflow's default list of container waiting reasons that fail a Pending pod at once. */
    public static final String DEFAULT_FATAL_REASONS =
            "CreateContainerConfigError,ErrImagePull,CreateContainerError,ImageInspectError,InvalidImageName";

    public static final ConfigKey<String> NAMESPACE = ConfigKey.of(SECTION, "namespace", "default", string(),
            "Namespace of worker pods (executor_config may choose another in multi-namespace mode) and of the single "
                    + "watch when multi_namespace_mode is off. Must be a DNS-1123 label.");
    public static final ConfigKey<String> POD_TEMPLATE_FILE = ConfigKey.of(SECTION, "pod_template_file", "", string(),
            "YAML file of the pod every worker pod starts from (a task may name its own in executor_config). Empty: "
                    + "a bare pod. A missing or unparseable file is an error naming the file (Airflow silently used an "
                    + "empty pod).");
    /** The repository the image build pushes to by default (Dockerfile, docs/deploy.md). */
    public static final String DEFAULT_WORKER_REPOSITORY = "ghcr.io/taskpod/taskpod";
    public static final ConfigKey<String> WORKER_CONTAINER_REPOSITORY = ConfigKey.of(SECTION,
            "worker_container_repository", DEFAULT_WORKER_REPOSITORY, string(),
            "Image repository of the worker container 'base', without the tag. Set (or worker_container_tag set): "
                    + "the image replaces the pod template's, as in Airflow. Both left at their defaults: this "
                    + "build's image, used only when the template and executor_config name none (Airflow: empty). "
                    + "Set it to the registry you push the image to (docs/deploy.md). An empty value is the default.");
    public static final ConfigKey<String> WORKER_CONTAINER_TAG = ConfigKey.of(SECTION, "worker_container_tag",
            Config.VERSION_PLACEHOLDER, string(),
            "Image tag of the worker container; the default is this build's version, the tag the image build "
                    + "gives the image (Airflow: empty). See worker_container_repository.");
    public static final ConfigKey<Boolean> DELETE_WORKER_PODS = ConfigKey.of(SECTION, "delete_worker_pods", "True",
            bool(), "Delete worker pods when their task finishes. False: keep them, labelled taskpod_executor_done=True.");
    public static final ConfigKey<Boolean> DELETE_WORKER_PODS_ON_FAILURE = ConfigKey.of(SECTION,
            "delete_worker_pods_on_failure", "False", bool(),
            "With delete_worker_pods: also delete pods of failed tasks. False keeps them for debugging; unlike "
                    + "Airflow, kept failed pods are labelled done so they are never replayed or re-adopted.");
    public static final ConfigKey<Boolean> IN_CLUSTER = ConfigKey.of(SECTION, "in_cluster", "True", bool(),
            "Use the pod's service account (the scheduler runs in the cluster); False: use config_file and "
                    + "cluster_context.");
    public static final ConfigKey<String> CLUSTER_CONTEXT = ConfigKey.of(SECTION, "cluster_context", "", string(),
            "Kubeconfig context to use when in_cluster is False. Empty: the kubeconfig's current context.");
    public static final ConfigKey<String> CONFIG_FILE = ConfigKey.of(SECTION, "config_file", "", string(),
            "Kubeconfig file to use when in_cluster is False. Empty: $KUBECONFIG, else ~/.kube/config.");
    public static final ConfigKey<Boolean> MULTI_NAMESPACE_MODE = ConfigKey.of(SECTION, "multi_namespace_mode",
            "False", bool(), "Pods may be created in several namespaces (executor_config's namespace). Watches the "
                    + "namespaces in multi_namespace_mode_namespace_list, or the whole cluster (needs a ClusterRole).");
    public static final ConfigKey<List<String>> MULTI_NAMESPACE_MODE_NAMESPACE_LIST = ConfigKey.of(SECTION,
            "multi_namespace_mode_namespace_list", "", commaList(),
            "Comma-separated namespaces to watch in multi_namespace_mode (items are trimmed; Airflow does not trim). "
                    + "Ignored, with a warning, when multi_namespace_mode is off.");
    public static final ConfigKey<Integer> WORKER_PODS_CREATION_BATCH_SIZE = ConfigKey.of(SECTION,
            "worker_pods_creation_batch_size", "32", integer(1, Integer.MAX_VALUE),
            "Most new pod creates started per executor heartbeat. Airflow's default of 1 makes launches crawl and "
                    + "everyone raises it; taskpod's 32 equals [core] parallelism's default, so an idle scheduler fills "
                    + "its slots in one heartbeat. The API server is protected by api_qps/api_burst, not by this cap.");
    public static final ConfigKey<Integer> TASK_PUBLISH_MAX_RETRIES = ConfigKey.of(SECTION,
            "task_publish_max_retries", "3", integer(-1, Integer.MAX_VALUE),
            "How many times a pod create that failed with a retryable error (403 quota, 409 conflict, 429, 5xx, "
                    + "a read timeout or reset connection: the server may have processed it) is retried, with "
                    + "exponential backoff and jitter, before the task fails; -1 = forever. A create that could not "
                    + "connect to the API server at all (connection refused, no route, connect timeout: an outage of "
                    + "the control plane) is retried every 2-4 s until it connects, without using up these retries; "
                    + "task_publish_outage_timeout bounds the wait. Airflow's default is 0 "
                    + "because it once retried every error at once; taskpod retries only transient errors and backs "
                    + "off, so a few retries are safe and ride out a busy API server.");
    public static final ConfigKey<Duration> TASK_PUBLISH_OUTAGE_TIMEOUT = ConfigKey.of(SECTION,
            "task_publish_outage_timeout", "3600", seconds(0),
            "How long (seconds) a pod create is retried while the API server cannot be connected to at all before its "
                    + "task fails. An outage of the control plane is not the task's fault: while its create waits for "
                    + "the API server, the task is not counted as stuck in queued ([scheduler] task_queued_timeout), "
                    + "whose clock starts again once the pod is created. taskpod-only; 0 fails at the first create "
                    + "that cannot connect.");
    public static final ConfigKey<Map<String, Object>> API_CLIENT_RETRY_CONFIGURATION = ConfigKey.of(SECTION,
            "api_client_retry_configuration", "", new JsonObjectParser("{\"total\": 3, \"backoff_factor\": 0.5}"),
            "JSON object of Airflow's urllib3 Retry arguments, mapped onto fabric8's request retries: total -> "
                    + "requestRetryBackoffLimit, backoff_factor (seconds) -> requestRetryBackoffInterval. fabric8 "
                    + "retries connection errors, 429 and 5xx (honouring Retry-After), doubling the interval up to 32x. "
                    + "Other urllib3 arguments cannot be honoured and are reported at start-up. Empty: 3 retries, 100 ms.");
    public static final ConfigKey<Duration> TERMINATION_GRACE_PERIOD_SECONDS = ConfigKey.of(SECTION,
            "termination_grace_period_seconds", "", seconds(0),
            "Grace period of the executor's pod deletes (pending timeout, revoke, cleanup). Empty: the pod's own "
                    + "terminationGracePeriodSeconds. delete_option_kwargs' grace_period_seconds wins when both are set.");
    public static final ConfigKey<Map<String, Object>> DELETE_OPTION_KWARGS = ConfigKey.of(SECTION,
            "delete_option_kwargs", "", new JsonObjectParser("{\"grace_period_seconds\": 10}"),
            "JSON object of delete options for worker pods: grace_period_seconds, propagation_policy "
                    + "(Foreground, Background, Orphan).");
    public static final ConfigKey<List<String>> WORKER_POD_PENDING_FATAL_CONTAINER_STATE_REASONS = ConfigKey.of(
            SECTION, "worker_pod_pending_fatal_container_state_reasons", DEFAULT_FATAL_REASONS, commaList(),
            "Container waiting reasons that fail a Pending pod at once (the pod is deleted so it can never run "
                    + "late). ErrImagePull with the message 'pull QPS exceeded' is skipped. Empty disables.");
    public static final ConfigKey<Boolean> ENABLE_TCP_KEEPALIVE = ConfigKey.of(SECTION, "enable_tcp_keepalive",
            "True", bool(), "Turn on TCP keepalive on API connections so idle watches are not dropped silently.");
    public static final ConfigKey<Integer> TCP_KEEP_IDLE = ConfigKey.of(SECTION, "tcp_keep_idle", "120",
            integer(1, Integer.MAX_VALUE), "Seconds idle before the first keepalive probe. Not settable with "
                    + "fabric8's Vert.x client on the JDK transport: the operating system's value applies "
                    + "(warned when changed).");
    public static final ConfigKey<Integer> TCP_KEEP_INTVL = ConfigKey.of(SECTION, "tcp_keep_intvl", "30",
            integer(1, Integer.MAX_VALUE), "Seconds between keepalive probes. Not settable with fabric8's Vert.x "
                    + "client on the JDK transport (warned when changed).");
    public static final ConfigKey<Integer> TCP_KEEP_CNT = ConfigKey.of(SECTION, "tcp_keep_cnt", "6",
            integer(1, Integer.MAX_VALUE), "Unanswered probes before the connection is dropped. Not settable with "
                    + "fabric8's Vert.x client on the JDK transport (warned when changed).");
    public static final ConfigKey<Boolean> VERIFY_SSL = ConfigKey.of(SECTION, "verify_ssl", "True", bool(),
            "Verify the API server's certificate and host name. False trusts any certificate (warned).");
    public static final ConfigKey<String> SSL_CA_CERT = ConfigKey.of(SECTION, "ssl_ca_cert", "", string(),
            "CA bundle (PEM file) that signs the API server's certificate. Empty: from the kubeconfig or service account.");
    public static final ConfigKey<Map<String, Object>> KUBE_CLIENT_REQUEST_ARGS = ConfigKey.of(SECTION,
            "kube_client_request_args", "", new JsonObjectParser("{\"_request_timeout\": [60, 60]}"),
            "JSON object of arguments for every API call: _request_timeout (seconds, or [connect, read]) maps to "
                    + "fabric8's connection and request timeouts; timeout_seconds is the server-side watch timeout. "
                    + "Other keys cannot be honoured and are reported at start-up.");

    // taskpod's own
    public static final ConfigKey<Double> API_QPS = ConfigKey.of(SECTION, "api_qps", "20", decimal(0.1, 100_000),
            "Pod creates per second, on average, through the client-side token bucket (fabric8 has no limiter of "
                    + "its own). 20 is Argo's controller default: 1,200 pods a minute, well within one API server.");
    public static final ConfigKey<Integer> API_BURST = ConfigKey.of(SECTION, "api_burst", "50",
            integer(1, Integer.MAX_VALUE), "Pod creates allowed at once before api_qps applies: a full "
                    + "heartbeat batch (worker_pods_creation_batch_size) starts without waiting.");
    public static final ConfigKey<Integer> MAX_CONCURRENT_CREATES = ConfigKey.of(SECTION, "max_concurrent_creates",
            "16", integer(1, 1024), "Pod creates in flight at once. At a typical 20-50 ms per create, 16 keep up with "
                    + "several hundred creates per second, so api_qps is the limit that matters.");
    public static final ConfigKey<Duration> WORKER_PODS_PENDING_TIMEOUT = ConfigKey.of(SECTION,
            "worker_pods_pending_timeout", "300", seconds(1),
            "A pod Pending longer than this (from its creation) is deleted and its task fails with the pod's last "
                    + "waiting reason. Airflow's legacy key and default, brought back as an executor-side backstop. "
                    + "The token a pod starts with lasts this plus [api] execution_api_jwt_expiration_time.");
    public static final ConfigKey<Integer> WORKER_POD_IMAGE_PULL_BACKOFF_THRESHOLD = ConfigKey.of(SECTION,
            "worker_pod_image_pull_backoff_threshold", "3", integer(0, Integer.MAX_VALUE),
            "A Pending pod seen in ImagePullBackOff this many times is deleted and its task fails (Jenkins' default "
                    + "of 3: about a minute of kubelet back-off). 0 disables; the pending timeout still applies.");
    public static final ConfigKey<Duration> WORKER_PODS_RECONCILE_INTERVAL = ConfigKey.of(SECTION,
            "worker_pods_reconcile_interval", "30", seconds(1),
            "Seconds between full lists of this scheduler's pods, compared with the tasks it runs (Spark's polling "
                    + "default). Watch events are hints; the reconcile settles anything they missed.");
    public static final ConfigKey<Duration> WORKER_POD_LAUNCH_GRACE_PERIOD = ConfigKey.of(SECTION,
            "worker_pod_launch_grace_period", "60", seconds(0),
            "A pod created less than this long ago may be missing from a list (watch caches lag); only after it "
                    + "is the task failed as 'pod lost'.");
    public static final ConfigKey<Integer> RUNNING_POD_LOG_LINES = ConfigKey.of(SECTION, "running_pod_log_lines",
            "100", integer(1, Integer.MAX_VALUE),
            "How many lines from the end of a running pod's log 'taskpod tasks logs' reads through the API server "
                    + "while the try's log file does not exist yet.");

    /** Every key above, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(
            NAMESPACE, POD_TEMPLATE_FILE, WORKER_CONTAINER_REPOSITORY, WORKER_CONTAINER_TAG,
            DELETE_WORKER_PODS, DELETE_WORKER_PODS_ON_FAILURE, IN_CLUSTER, CLUSTER_CONTEXT, CONFIG_FILE,
            MULTI_NAMESPACE_MODE, MULTI_NAMESPACE_MODE_NAMESPACE_LIST, WORKER_PODS_CREATION_BATCH_SIZE,
            TASK_PUBLISH_MAX_RETRIES, TASK_PUBLISH_OUTAGE_TIMEOUT, API_CLIENT_RETRY_CONFIGURATION,
            TERMINATION_GRACE_PERIOD_SECONDS,
            DELETE_OPTION_KWARGS, WORKER_POD_PENDING_FATAL_CONTAINER_STATE_REASONS, ENABLE_TCP_KEEPALIVE,
            TCP_KEEP_IDLE, TCP_KEEP_INTVL, TCP_KEEP_CNT, VERIFY_SSL, SSL_CA_CERT, KUBE_CLIENT_REQUEST_ARGS,
            API_QPS, API_BURST, MAX_CONCURRENT_CREATES, WORKER_PODS_PENDING_TIMEOUT,
            WORKER_POD_IMAGE_PULL_BACKOFF_THRESHOLD, WORKER_PODS_RECONCILE_INTERVAL, WORKER_POD_LAUNCH_GRACE_PERIOD,
            RUNNING_POD_LOG_LINES);

    private KubernetesConfigKeys() {}
}
