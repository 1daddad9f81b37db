package io.taskpod.kubernetes.config;

import static io.taskpod.kubernetes.config.KubernetesConfigKeys.*;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [kubernetes_executor]} section read once, checked as a whole, and typed: everything the pod factory,
 * launcher, watcher and client factory need. {@link #from} throws one {@link ConfigException} listing every problem;
 * what is usable but probably not what the user meant is in {@link #startupWarnings()}, to be logged at start-up.
 *
 * <p>One record per concern, each read by the part that needs it: {@link WorkerPodSource} by the pod factory,
 * {@link ClusterConnection} by the client factory, {@link LaunchLimits} by the launcher, {@link PodDeletion} by
 * cleanup, {@link PendingPodChecks} and {@link PodTimings} by the status classifier and the reconcile loop.
 */
public record KubernetesExecutorSettings(
        WorkerPodSource pods,
        ClusterConnection connection,
        LaunchLimits launch,
        PodDeletion deletion,
        PendingPodChecks pendingChecks,
        PodTimings timings,
        List<String> startupWarnings) {

    /** An image repository: optional registry host (and port), then lower-case path components. */
    private static final Pattern IMAGE_REPOSITORY = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public KubernetesExecutorSettings {
        startupWarnings = List.copyOf(startupWarnings);
    }

    /** Reads and checks the section; throws {@link ConfigException} naming every bad key. */
    public static KubernetesExecutorSettings from(Config config) {
        return new Reader(config).read();
    }

    /** Airflow's and taskpod's defaults, as if the section were empty and the client ran in the cluster. */
    public static KubernetesExecutorSettings defaults() {
        return from(Config.defaults(new ConfigSchema(List.of(ALL))));
    }

    /** Reads one section, collecting problems and warnings instead of stopping at the first. */
    private static final class Reader {
        private final Config config;
        private final List<String> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        Reader(Config config) {
            this.config = config;
        }

        KubernetesExecutorSettings read() {
            String namespace = value(NAMESPACE);
            if (!KubernetesSyntax.isDnsLabel(namespace)) {
                problems.add(NAMESPACE.qualifiedName() + " = " + namespace + ": expected " + KubernetesSyntax.dnsLabelRule());
            }
            WatchScope scope = watchScope(namespace);
            Optional<Path> template = existingFile(POD_TEMPLATE_FILE);
            WorkerImage image = workerImage();
            ClusterConnection connection = connection();
            LaunchLimits launch = new LaunchLimits(value(WORKER_PODS_CREATION_BATCH_SIZE),
                    value(MAX_CONCURRENT_CREATES), value(API_QPS), value(API_BURST),
                    value(TASK_PUBLISH_MAX_RETRIES), value(TASK_PUBLISH_OUTAGE_TIMEOUT));
            PodDeleteOptions deleteOptions = deleteOptions();
            Set<String> fatal = new LinkedHashSet<>(value(WORKER_POD_PENDING_FATAL_CONTAINER_STATE_REASONS));
            PodTimings timings = new PodTimings(value(WORKER_PODS_PENDING_TIMEOUT),
                    value(WORKER_PODS_RECONCILE_INTERVAL), value(WORKER_POD_LAUNCH_GRACE_PERIOD));
            boolean deletePods = value(DELETE_WORKER_PODS);
            boolean deleteOnFailure = value(DELETE_WORKER_PODS_ON_FAILURE);
            int backoffThreshold = value(WORKER_POD_IMAGE_PULL_BACKOFF_THRESHOLD);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new KubernetesExecutorSettings(new WorkerPodSource(namespace, scope, template, image), connection,
                    launch, new PodDeletion(deletePods, deleteOnFailure, deleteOptions),
                    new PendingPodChecks(fatal, backoffThreshold), timings, warnings);
        }

        private WatchScope watchScope(String namespace) {
            boolean multi = value(MULTI_NAMESPACE_MODE);
            List<String> listed = value(MULTI_NAMESPACE_MODE_NAMESPACE_LIST);
            if (!multi) {
                if (!listed.isEmpty()) {
                    warnings.add(MULTI_NAMESPACE_MODE_NAMESPACE_LIST.qualifiedName() + " is ignored because "
                            + MULTI_NAMESPACE_MODE.qualifiedName() + " is False; only namespace " + namespace + " is used");
                }
                return new WatchScope.SingleNamespace(namespace);
            }
            if (listed.isEmpty()) {
                return new WatchScope.AllNamespaces();
            }
            for (String item : listed) {
                if (!KubernetesSyntax.isDnsLabel(item)) {
                    problems.add(MULTI_NAMESPACE_MODE_NAMESPACE_LIST.qualifiedName() + ": namespace '" + item
                            + "': expected " + KubernetesSyntax.dnsLabelRule());
                }
            }
            return new WatchScope.NamespaceList(List.copyOf(new LinkedHashSet<>(listed)));
        }

        private WorkerImage workerImage() {
            Optional<String> setRepository = setAndNotBlank(WORKER_CONTAINER_REPOSITORY);
            Optional<String> setTag = setAndNotBlank(WORKER_CONTAINER_TAG);
            String repository = setRepository.orElse(DEFAULT_WORKER_REPOSITORY);
            String tag = setTag.orElse(TaskpodVersion.current());
            if (!IMAGE_REPOSITORY.matcher(repository).matches()) {
                problems.add(WORKER_CONTAINER_REPOSITORY.qualifiedName() + " = " + repository + ": expected an image "
                        + "repository without a tag, e.g. ghcr.io/example/taskpod (the tag goes in "
                        + WORKER_CONTAINER_TAG.name() + ")");
            }
            if (!IMAGE_TAG.matcher(tag).matches()) {
                problems.add(WORKER_CONTAINER_TAG.qualifiedName() + " = " + tag + ": expected an image tag (letters, "
                        + "digits, '_', '.', '-'; at most 128 characters, not starting with '.' or '-')");
            }
            return new WorkerImage(repository + ":" + tag, setRepository.isPresent() || setTag.isPresent());
        }

        /** The key's value when the user set it to something (an empty value, as airflow.cfg has, is unset). */
        private Optional<String> setAndNotBlank(ConfigKey<String> key) {
            if (config.origin(key).equals("default")) {
                return Optional.empty();
            }
            return config.rawValue(key).map(String::strip).filter(value -> !value.isEmpty());
        }

        private ClusterConnection connection() {
            boolean inCluster = value(IN_CLUSTER);
            Optional<Path> configFile = inCluster ? config.find(CONFIG_FILE).map(Path::of) : existingFile(CONFIG_FILE);
            Optional<String> context = config.find(CLUSTER_CONTEXT);
            if (inCluster && (configFile.isPresent() || context.isPresent())) {
                warnings.add(CONFIG_FILE.qualifiedName() + " and " + CLUSTER_CONTEXT.qualifiedName()
                        + " are ignored because " + IN_CLUSTER.qualifiedName() + " is True (the service account is used)");
            }
            boolean verifySsl = value(VERIFY_SSL);
            if (!verifySsl) {
                warnings.add(VERIFY_SSL.qualifiedName() + " is False: the API server's certificate and host name are "
                        + "not checked; anyone on the network path can read the executor's credentials");
            }
            TcpKeepalive keepalive = new TcpKeepalive(value(ENABLE_TCP_KEEPALIVE), value(TCP_KEEP_IDLE),
                    value(TCP_KEEP_INTVL), value(TCP_KEEP_CNT));
            List<String> changedTimings = new ArrayList<>();
            addIfChanged(changedTimings, TCP_KEEP_IDLE, keepalive.idleSeconds());
            addIfChanged(changedTimings, TCP_KEEP_INTVL, keepalive.intervalSeconds());
            addIfChanged(changedTimings, TCP_KEEP_CNT, keepalive.count());
            if (keepalive.enabled() && !changedTimings.isEmpty()) {
                warnings.add(String.join(", ", changedTimings) + ": TCP keepalive is on for API connections, but its "
                        + "timings cannot be set with fabric8's Vert.x HTTP client on the JDK transport: the operating "
                        + "system's values apply (Linux: 7200 s idle, 75 s interval, 9 probes); the periodic reconcile "
                        + "and watch restarts cover connections dropped silently");
            }
            return new ClusterConnection(new ClusterAccess(inCluster, configFile, context), verifySsl, existingFile(SSL_CA_CERT),
                    requestTimeouts(), apiRetry(), keepalive);
        }

        /** Adds {@code name = value} when {@code value} is not the key's default. */
        private void addIfChanged(List<String> changed, ConfigKey<Integer> key, int value) {
            if (config.defaultValue(key) != value) {
                changed.add(key.name() + " = " + value);
            }
        }

        private ApiRetrySettings apiRetry() {
            Map<String, Object> args = value(API_CLIENT_RETRY_CONFIGURATION);
            int limit = ApiRetrySettings.DEFAULT.retryLimit();
            Duration interval = ApiRetrySettings.DEFAULT.backoffInterval();
            List<String> ignored = new ArrayList<>();
            for (Map.Entry<String, Object> entry : args.entrySet()) {
                String field = API_CLIENT_RETRY_CONFIGURATION.qualifiedName() + ": " + entry.getKey();
                switch (entry.getKey()) {
                    case "total" -> limit = wholeNumber(field, entry.getValue(), 0).orElse(limit);
                    case "backoff_factor" -> interval = seconds(field, entry.getValue()).orElse(interval);
                    default -> ignored.add(entry.getKey());
                }
            }
            if (!ignored.isEmpty()) {
                warnings.add(API_CLIENT_RETRY_CONFIGURATION.qualifiedName() + ": " + ignored + " cannot be honoured by "
                        + "fabric8 and are ignored: it retries connection errors, 429 and 5xx up to 'total' times, "
                        + "from 'backoff_factor' seconds, doubling");
            }
            return new ApiRetrySettings(limit, interval);
        }

        private RequestTimeouts requestTimeouts() {
            Map<String, Object> args = value(KUBE_CLIENT_REQUEST_ARGS);
            Optional<Duration> connect = Optional.empty();
            Optional<Duration> request = Optional.empty();
            Optional<Duration> watch = Optional.empty();
            List<String> ignored = new ArrayList<>();
            for (Map.Entry<String, Object> entry : args.entrySet()) {
                String field = KUBE_CLIENT_REQUEST_ARGS.qualifiedName() + ": " + entry.getKey();
                Object value = entry.getValue();
                switch (entry.getKey()) {
                    case "_request_timeout" -> {
                        if (value instanceof List<?> pair && pair.size() == 2) {
                            connect = seconds(field + "[0]", pair.get(0));
                            request = seconds(field + "[1]", pair.get(1));
                        } else if (value instanceof List<?>) {
                            problems.add(field + ": expected seconds or [connect, read] seconds, got a list of "
                                    + ((List<?>) value).size());
                        } else {
                            request = seconds(field, value);
                        }
                    }
                    case "timeout_seconds" -> watch = wholeNumber(field, value, 1).map(Duration::ofSeconds);
                    default -> ignored.add(entry.getKey());
                }
            }
            if (!ignored.isEmpty()) {
                warnings.add(KUBE_CLIENT_REQUEST_ARGS.qualifiedName() + ": " + ignored + " cannot be honoured by the "
                        + "fabric8 client and are ignored; supported: _request_timeout, timeout_seconds");
            }
            return new RequestTimeouts(connect, request, watch);
        }

        private PodDeleteOptions deleteOptions() {
            Map<String, Object> args = value(DELETE_OPTION_KWARGS);
            Optional<Duration> grace = config.find(TERMINATION_GRACE_PERIOD_SECONDS).map(Reader::wholeSeconds);
            Optional<String> propagation = Optional.empty();
            List<String> ignored = new ArrayList<>();
            for (Map.Entry<String, Object> entry : args.entrySet()) {
                String field = DELETE_OPTION_KWARGS.qualifiedName() + ": " + entry.getKey();
                switch (entry.getKey()) {
                    case "grace_period_seconds" -> {
                        Optional<Duration> fromKwargs = wholeNumber(field, entry.getValue(), 0).map(Duration::ofSeconds);
                        if (fromKwargs.isPresent() && grace.isPresent() && !grace.equals(fromKwargs)) {
                            warnings.add(field + " = " + fromKwargs.get().toSeconds() + " wins over "
                                    + TERMINATION_GRACE_PERIOD_SECONDS.qualifiedName() + " = " + grace.get().toSeconds());
                        }
                        if (fromKwargs.isPresent()) {
                            grace = fromKwargs;
                        }
                    }
                    case "propagation_policy" -> {
                        if (entry.getValue() instanceof String policy && PodDeleteOptions.PROPAGATION_POLICIES.contains(policy)) {
                            propagation = Optional.of(policy);
                        } else {
                            problems.add(field + ": expected one of " + PodDeleteOptions.PROPAGATION_POLICIES + ", got "
                                    + entry.getValue());
                        }
                    }
                    default -> ignored.add(entry.getKey());
                }
            }
            if (!ignored.isEmpty()) {
                warnings.add(DELETE_OPTION_KWARGS.qualifiedName() + ": " + ignored + " are ignored; supported: "
                        + "grace_period_seconds, propagation_policy");
            }
            return new PodDeleteOptions(grace, propagation);
        }

        private Optional<Path> existingFile(ConfigKey<String> key) {
            Optional<Path> path = config.find(key).map(Path::of);
            if (path.isPresent() && !Files.isRegularFile(path.get())) {
                problems.add(key.qualifiedName() + " = " + path.get() + ": file does not exist or is not a regular file");
            }
            return path;
        }

        /** The key's value, else its default; a bad value is a problem, and the default stands in so reading goes on. */
        private <T> T value(ConfigKey<T> key) {
            try {
                return config.find(key).orElseGet(() -> config.defaultValue(key));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return config.defaultValue(key);
            }
        }

        private Optional<Integer> wholeNumber(String field, Object value, int min) {
            if (value instanceof Integer number && number >= min) {
                return Optional.of(number);
            }
            problems.add(field + ": expected a whole number >= " + min + ", got " + value);
            return Optional.empty();
        }

        private Optional<Duration> seconds(String field, Object value) {
            if (value instanceof Number number && number.doubleValue() >= 0 && Double.isFinite(number.doubleValue())) {
                return Optional.of(Duration.ofMillis(Math.round(number.doubleValue() * 1000)));
            }
            problems.add(field + ": expected a number of seconds >= 0, got " + value);
            return Optional.empty();
        }

        private static Duration wholeSeconds(Duration duration) {
            return Duration.ofSeconds(duration.toSeconds());
        }
    }
}
