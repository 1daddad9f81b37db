package io.taskpod.kubernetes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.TaskpodVersion;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientFactoryTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev
              cluster: {server: "https://dev.example:6443"}
            - name: prod
              cluster: {server: "https://prod.example:6443"}
            contexts:
            - name: dev
              context: {cluster: dev, user: me, namespace: dev-ns}
            - name: prod
              context: {cluster: prod, user: me}
            users:
            - name: me
              user: {token: not-a-real-token}
            """;

    @TempDir
    Path dir;

    private Path kubeconfig() throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
    }

    private KubernetesClientFactory factory(Map<String, String> env) {
        return new KubernetesClientFactory(env, dir);
    }

    @Test
    void kubeconfigContextAndRequestSettingsAreApplied() throws Exception {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "config_file", kubeconfig().toString(), "cluster_context", "prod", "namespace", "workers",
                "kube_client_request_args", "{\"_request_timeout\": [3, 40]}",
                "api_client_retry_configuration", "{\"total\": 7, \"backoff_factor\": 0.25}");
        Config config = factory(Map.of()).fabric8Config(settings);
        assertThat(config.getMasterUrl()).startsWith("https://prod.example:6443");
        assertThat(config.getNamespace()).isEqualTo("workers");
        assertThat(config.getConnectionTimeout()).isEqualTo(3_000);
        assertThat(config.getRequestTimeout()).isEqualTo(40_000);
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(7);
        assertThat(config.getRequestRetryBackoffInterval()).isEqualTo(250);
        assertThat(config.isTrustCerts()).isFalse();
        assertThat(config.getUserAgent()).isEqualTo("taskpod/" + TaskpodVersion.current());
    }

    @Test
    void sslCaCertIsTheClientsCaFile() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "config_file", kubeconfig().toString(), "ssl_ca_cert", ca.toString());

        Config config = factory(Map.of()).fabric8Config(settings);

        assertThat(config.getCaCertFile()).isEqualTo(ca.toString());
        assertThat(config.isTrustCerts()).isFalse();
    }

    @Test
    void withoutSslCaCertTheKubeconfigDecidesTheCa() throws Exception {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "config_file", kubeconfig().toString());

        assertThat(factory(Map.of()).fabric8Config(settings).getCaCertFile()).isNull();
    }

    @Test
    void enableTcpKeepaliveTurnsKeepaliveOnInTheVertxClientOptions() {
        WebClientOptions options = new WebClientOptions();
        assertThat(options.isTcpKeepAlive()).as("Vert.x's default").isFalse();

        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("enable_tcp_keepalive", "True");
        KubernetesClientFactory.httpClientFactory(settings).additionalConfig(options);

        assertThat(options.isTcpKeepAlive()).isTrue();
    }

    @Test
    void disabledTcpKeepaliveLeavesItOff() {
        WebClientOptions options = new WebClientOptions().setTcpKeepAlive(true);

        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("enable_tcp_keepalive", "False");
        KubernetesClientFactory.httpClientFactory(settings).additionalConfig(options);

        assertThat(options.isTcpKeepAlive()).isFalse();
    }

    @Test
    void withoutConfigFileTheKubeconfigEnvironmentVariableIsUsed() throws Exception {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "verify_ssl", "False");
        Config config = factory(Map.of("KUBECONFIG", kubeconfig().toString())).fabric8Config(settings);
        assertThat(config.getMasterUrl()).startsWith("https://dev.example:6443");
        assertThat(config.isTrustCerts()).isTrue();
        assertThat(config.isDisableHostnameVerification()).isTrue();
    }

    @Test
    void unknownContextIsAnErrorNamingTheKey() throws Exception {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "config_file", kubeconfig().toString(), "cluster_context", "staging");
        assertThatThrownBy(() -> factory(Map.of()).fabric8Config(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[kubernetes_executor] cluster_context = staging: no such context in");
    }

    @Test
    void missingDefaultKubeconfigIsAClearError() {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False");
        assertThatThrownBy(() -> factory(Map.of()).fabric8Config(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve(".kube/config") + " (in_cluster = False and config_file is empty): file does not exist");
    }

    @Test
    void inClusterOutsideAPodIsAClearError() {
        assertThatThrownBy(() -> factory(Map.of()).fabric8Config(KubernetesExecutorSettings.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("in_cluster = True, but $KUBERNETES_SERVICE_HOST is not set");
    }

    @Test
    void createdClientTalksToTheConfiguredServer() throws Exception {
        KubernetesExecutorSettings settings = KubernetesExecutorSettingsTest.settings("in_cluster", "False",
                "config_file", kubeconfig().toString());
        try (KubernetesClient client = factory(Map.of()).create(settings)) {
            assertThat(client.getMasterUrl().toString()).startsWith("https://dev.example:6443");
            assertThat(client.getNamespace()).isEqualTo("default");
        }
    }
}
