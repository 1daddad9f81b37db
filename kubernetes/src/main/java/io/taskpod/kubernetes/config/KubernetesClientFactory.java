package io.taskpod.kubernetes.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.TaskpodVersion;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the fabric8 {@link KubernetesClient} from {@link KubernetesExecutorSettings}:
 * <ul>
 *   <li>{@code in_cluster}: the pod's service account (fabric8's auto-configuration, which refreshes rotated
 *       tokens); fails clearly when not running in a pod;
 *   <li>otherwise {@code config_file} (else {@code $KUBECONFIG}, else {@code ~/.kube/config}) with
 *       {@code cluster_context} (else the current context);
 *   <li>{@code verify_ssl = False} → trust any certificate and skip host name checks; {@code ssl_ca_cert} → CA file;
 *   <li>{@code kube_client_request_args._request_timeout} → connection and request timeouts;
 *   <li>{@code api_client_retry_configuration} → request retry limit and backoff interval;
 *   <li>{@code enable_tcp_keepalive} → SO_KEEPALIVE on the Vert.x client;
 *   <li>the User-Agent {@code taskpod/<version>}.
 * </ul>
 */
public final class KubernetesClientFactory {

    /** What taskpod's requests say they come from: audit logs and API priority rules can tell them apart. */
    public static final String USER_AGENT = "taskpod/" + TaskpodVersion.current();

    /** Set in every pod by the kubelet; its absence means "not in a cluster". */
    static final String SERVICE_HOST_ENV = "KUBERNETES_SERVICE_HOST";

    private final Map<String, String> environment;
    private final Path userHome;

    /** @param environment the process environment ({@code System.getenv()}), injected for tests */
    public KubernetesClientFactory(Map<String, String> environment, Path userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
    }

    /** A client for the configured cluster; throws {@link ConfigException} naming the key when it cannot be set up. */
    public KubernetesClient create(KubernetesExecutorSettings settings) {
        return new KubernetesClientBuilder()
                .withConfig(fabric8Config(settings))
                .withHttpClientFactory(httpClientFactory(settings))
                .build();
    }

    /** fabric8's Vert.x HTTP client factory with the settings' TCP keepalive. */
    static KeepaliveVertxHttpClientFactory httpClientFactory(KubernetesExecutorSettings settings) {
        return new KeepaliveVertxHttpClientFactory(settings.connection().keepalive());
    }

    /** The fabric8 client configuration the settings map to. */
    public Config fabric8Config(KubernetesExecutorSettings settings) {
        ClusterConnection connection = settings.connection();
        ConfigBuilder builder = new ConfigBuilder(connection.access().inCluster() ? inClusterConfig() : kubeconfig(connection))
                .withUserAgent(USER_AGENT)
                .withNamespace(settings.pods().namespace())
                .withRequestRetryBackoffLimit(connection.retry().retryLimit())
                .withRequestRetryBackoffInterval(millis(connection.retry().backoffInterval()));
        if (!connection.verifySsl()) {
            builder.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        connection.caCertFile().ifPresent(ca -> builder.withCaCertFile(ca.toString()));
        connection.timeouts().connect().ifPresent(timeout -> builder.withConnectionTimeout(millis(timeout)));
        connection.timeouts().request().ifPresent(timeout -> builder.withRequestTimeout(millis(timeout)));
        return builder.build();
    }

    private Config inClusterConfig() {
        if (Optional.ofNullable(environment.get(SERVICE_HOST_ENV)).orElse("").isBlank()) {
            throw new ConfigException(KubernetesConfigKeys.IN_CLUSTER.qualifiedName() + " = True, but $" + SERVICE_HOST_ENV
                    + " is not set: taskpod is not running in a pod. Set in_cluster = False and config_file / "
                    + "cluster_context to use a kubeconfig");
        }
        return Config.autoConfigure(null);
    }

    private Config kubeconfig(ClusterConnection connection) {
        Path file = connection.access().configFile().orElseGet(this::defaultKubeconfig);
        String origin = connection.access().configFile().isPresent()
                ? KubernetesConfigKeys.CONFIG_FILE.qualifiedName() + " = " + file
                : "kubeconfig " + file + " (in_cluster = False and config_file is empty)";
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(origin + ": file does not exist");
        }
        String context = connection.access().context().orElse(null);
        try {
            Config config = Config.fromKubeconfig(context, new File(file.toString()));
            if (context != null && (config.getCurrentContext() == null
                    || !context.equals(config.getCurrentContext().getName()))) {
                throw new ConfigException(KubernetesConfigKeys.CLUSTER_CONTEXT.qualifiedName() + " = " + context
                        + ": no such context in " + file);
            }
            return config;
        } catch (KubernetesClientException e) {
            throw new ConfigException(origin + ": cannot be read as a kubeconfig: " + e.getMessage());
        }
    }

    private Path defaultKubeconfig() {
        String fromEnv = environment.get("KUBECONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.split(File.pathSeparator)[0]);
        }
        return userHome.resolve(".kube").resolve("config");
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
