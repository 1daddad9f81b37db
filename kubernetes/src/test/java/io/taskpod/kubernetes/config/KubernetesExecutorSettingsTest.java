package io.taskpod.kubernetes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.config.TaskpodVersion;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesExecutorSettingsTest {

    @TempDir
    Path dir;

    static KubernetesExecutorSettings settings(String... keyValues) {
        MapConfigSource source = new MapConfigSource("taskpod.cfg");
        for (int i = 0; i < keyValues.length; i += 2) {
            source.set(KubernetesConfigKeys.SECTION, keyValues[i], keyValues[i + 1]);
        }
        return KubernetesExecutorSettings.from(new Config(source, new ConfigSchema(List.of(KubernetesConfigKeys.ALL)),
                Path.of("/home/taskpod")));
    }

    @Test
    void emptySectionGivesAirflowDefaultsAndTaskpodsOwn() {
        KubernetesExecutorSettings s = settings();
        assertThat(s.pods().namespace()).isEqualTo("default");
        assertThat(s.pods().watchScope()).isEqualTo(new WatchScope.SingleNamespace("default"));
        assertThat(s.pods().podTemplateFile()).isEmpty();
        assertThat(s.pods().workerImage()).isEqualTo(new WorkerImage("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current(), false));
        assertThat(s.deletion().deleteWorkerPods()).isTrue();
        assertThat(s.deletion().deleteWorkerPodsOnFailure()).isFalse();
        assertThat(s.connection().access().inCluster()).isTrue();
        assertThat(s.connection().verifySsl()).isTrue();
        assertThat(s.connection().keepalive()).isEqualTo(new TcpKeepalive(true, 120, 30, 6));
        assertThat(s.connection().retry()).isEqualTo(ApiRetrySettings.DEFAULT);
        assertThat(s.connection().timeouts()).isEqualTo(RequestTimeouts.DEFAULT);
        assertThat(s.launch()).isEqualTo(new LaunchLimits(32, 16, 20.0, 50, 3, Duration.ofHours(1)));
        assertThat(s.pendingChecks().fatalContainerReasons()).containsExactlyInAnyOrder("CreateContainerConfigError", "ErrImagePull",
                "CreateContainerError", "ImageInspectError", "InvalidImageName");
        assertThat(s.pendingChecks().imagePullBackOffThreshold()).isEqualTo(3);
        assertThat(s.timings()).isEqualTo(new PodTimings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(1)));
        assertThat(s.deletion().options()).isEqualTo(new PodDeleteOptions(Optional.empty(), Optional.empty()));
        assertThat(s).isEqualTo(KubernetesExecutorSettings.defaults());
    }

    @Test
    void everyDeclaredKeyIsListedInAll() {
        List<Object> declared = Arrays.stream(KubernetesConfigKeys.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigKey.class)
                .map(field -> {
                    try {
                        return field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        assertThat(List.<Object>copyOf(KubernetesConfigKeys.ALL)).containsExactlyInAnyOrderElementsOf(declared);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            kube_client_request_args       | [60, 60]          | [kubernetes_executor] kube_client_request_args = [60, 60] (taskpod.cfg): expected a JSON object
            delete_option_kwargs           | 10                | [kubernetes_executor] delete_option_kwargs = 10 (taskpod.cfg): expected a JSON object
            api_client_retry_configuration | {total: 3}        | [kubernetes_executor] api_client_retry_configuration = {total: 3} (taskpod.cfg): expected a JSON object
            namespace                      | Team_A            | [kubernetes_executor] namespace = Team_A: expected a DNS-1123 label
            worker_pods_creation_batch_size| 0                 | [kubernetes_executor] worker_pods_creation_batch_size = 0 (taskpod.cfg): expected an integer >= 1
            task_publish_max_retries       | -2                | [kubernetes_executor] task_publish_max_retries = -2 (taskpod.cfg): expected an integer >= -1
            api_qps                        | 0                 | [kubernetes_executor] api_qps = 0 (taskpod.cfg): expected a number between 0.1 and 100000
            kube_client_request_args       | {"_request_timeout": [1, 2, 3]} | [kubernetes_executor] kube_client_request_args: _request_timeout: expected seconds or [connect, read] seconds, got a list of 3
            kube_client_request_args       | {"_request_timeout": "soon"}    | [kubernetes_executor] kube_client_request_args: _request_timeout: expected a number of seconds >= 0, got soon
            api_client_retry_configuration | {"total": -1}     | [kubernetes_executor] api_client_retry_configuration: total: expected a whole number >= 0, got -1
            delete_option_kwargs           | {"propagation_policy": "Later"} | [kubernetes_executor] delete_option_kwargs: propagation_policy: expected one of [Foreground, Background, Orphan], got Later
            delete_option_kwargs           | {"grace_period_seconds": 1.5}   | [kubernetes_executor] delete_option_kwargs: grace_period_seconds: expected a whole number >= 0, got 1.5
            pod_template_file              | /no/such/template.yaml          | [kubernetes_executor] pod_template_file = /no/such/template.yaml: file does not exist
            ssl_ca_cert                    | /no/such/ca.pem                 | [kubernetes_executor] ssl_ca_cert = /no/such/ca.pem: file does not exist
            """)
    void badValuesAreErrorsNamingTheKey(String key, String value, String expectedMessage) {
        assertThatThrownBy(() -> settings(key, value))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> settings("namespace", "UPPER", "api_burst", "none", "delete_option_kwargs", "[]"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void namespaceListIsTrimmedAndDeduplicatedInMultiNamespaceMode() {
        KubernetesExecutorSettings s = settings("multi_namespace_mode", "True",
                "multi_namespace_mode_namespace_list", " team-a, team-b ,team-a,");
        assertThat(s.pods().watchScope()).isEqualTo(new WatchScope.NamespaceList(List.of("team-a", "team-b")));
        assertThat(s.pods().watchScope().covers("team-b")).isTrue();
        assertThat(s.pods().watchScope().covers("default")).isFalse();
    }

    @Test
    void multiNamespaceModeWithoutAListWatchesTheCluster() {
        assertThat(settings("multi_namespace_mode", "True").pods().watchScope()).isEqualTo(new WatchScope.AllNamespaces());
    }

    @Test
    void namespaceListIsIgnoredWithAWarningWhenTheModeIsOff() {
        KubernetesExecutorSettings s = settings("namespace", "workers", "multi_namespace_mode_namespace_list", "a,b");
        assertThat(s.pods().watchScope()).isEqualTo(new WatchScope.SingleNamespace("workers"));
        assertThat(s.startupWarnings()).anyMatch(w -> w.contains("multi_namespace_mode_namespace_list is ignored"));
    }

    @Test
    void invalidNamespaceInTheListIsAnError() {
        assertThatThrownBy(() -> settings("multi_namespace_mode", "True", "multi_namespace_mode_namespace_list", "ok,Not_OK"))
                .hasMessageContaining("namespace 'Not_OK': expected a DNS-1123 label");
    }

    @Test
    void eitherImageKeySetMakesAConfiguredImageWithTheOtherDefaulted() {
        assertThat(settings("worker_container_repository", "registry:5000/team/taskpod", "worker_container_tag", "1.2")
                .pods().workerImage()).isEqualTo(new WorkerImage("registry:5000/team/taskpod:1.2", true));
        assertThat(settings("worker_container_repository", "registry.example/taskpod").pods().workerImage())
                .isEqualTo(new WorkerImage("registry.example/taskpod:" + TaskpodVersion.current(), true));
        assertThat(settings("worker_container_tag", "{TASKPOD_VERSION}-gpu").pods().workerImage())
                .isEqualTo(new WorkerImage("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current() + "-gpu", true));
    }

    @Test
    void emptyImageKeysAsAirflowConfigurationsCarryThemAreTheDefaults() {
        assertThat(settings("worker_container_repository", "", "worker_container_tag", " ").pods().workerImage())
                .isEqualTo(new WorkerImage("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current(), false));
    }

    @Test
    void imageKeysThatCannotMakeAnImageReferenceAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> settings("worker_container_repository", "ghcr.io/taskpod/taskpod:1.0"))
                .hasMessageContaining("[kubernetes_executor] worker_container_repository = ghcr.io/taskpod/taskpod:1.0: "
                        + "expected an image repository without a tag");
        assertThatThrownBy(() -> settings("worker_container_repository", "Upper/Case"))
                .hasMessageContaining("worker_container_repository = Upper/Case");
        assertThatThrownBy(() -> settings("worker_container_tag", "-latest"))
                .hasMessageContaining("[kubernetes_executor] worker_container_tag = -latest: expected an image tag");
    }

    @Test
    void retryConfigurationMapsOntoFabric8AndWarnsAboutWhatItCannotHonour() {
        KubernetesExecutorSettings s = settings("api_client_retry_configuration",
                "{\"total\": 5, \"backoff_factor\": 0.5, \"status_forcelist\": [503]}");
        assertThat(s.connection().retry()).isEqualTo(new ApiRetrySettings(5, Duration.ofMillis(500)));
        assertThat(s.startupWarnings()).anyMatch(w -> w.contains("[status_forcelist] cannot be honoured"));
    }

    @Test
    void requestTimeoutIsOneNumberOrAConnectReadPair() {
        assertThat(settings("kube_client_request_args", "{\"_request_timeout\": 45}").connection().timeouts())
                .isEqualTo(new RequestTimeouts(Optional.empty(), Optional.of(Duration.ofSeconds(45)), Optional.empty()));
        assertThat(settings("kube_client_request_args", "{\"_request_timeout\": [5, 60.5], \"timeout_seconds\": 600}")
                .connection().timeouts())
                .isEqualTo(new RequestTimeouts(Optional.of(Duration.ofSeconds(5)), Optional.of(Duration.ofMillis(60_500)),
                        Optional.of(Duration.ofSeconds(600))));
    }

    @Test
    void deleteGracePeriodComesFromKwargsThenTheTaskpodKey() {
        assertThat(settings("termination_grace_period_seconds", "20").deletion().options())
                .isEqualTo(new PodDeleteOptions(Optional.of(Duration.ofSeconds(20)), Optional.empty()));
        KubernetesExecutorSettings both = settings("termination_grace_period_seconds", "20",
                "delete_option_kwargs", "{\"grace_period_seconds\": 0, \"propagation_policy\": \"Background\"}");
        assertThat(both.deletion().options()).isEqualTo(new PodDeleteOptions(Optional.of(Duration.ZERO), Optional.of("Background")));
        assertThat(both.startupWarnings()).anyMatch(w -> w.contains("grace_period_seconds = 0 wins"));
    }

    @Test
    void emptyFatalReasonListDisablesFailFast() {
        assertThat(settings("worker_pod_pending_fatal_container_state_reasons", "").pendingChecks().fatalContainerReasons()).isEmpty();
        assertThat(settings("worker_pod_pending_fatal_container_state_reasons", " ErrImagePull , Custom ")
                .pendingChecks().fatalContainerReasons()).isEqualTo(Set.of("ErrImagePull", "Custom"));
    }

    @Test
    void keepaliveTimingsTheClientCannotSetAreWarnedAboutOnlyWhenChangedFromTheirDefaults() {
        assertThat(settings().startupWarnings()).isEmpty();
        assertThat(settings("tcp_keep_idle", "120", "tcp_keep_intvl", "30", "tcp_keep_cnt", "6").startupWarnings())
                .isEmpty();

        assertThat(settings("tcp_keep_idle", "60", "tcp_keep_cnt", "3").startupWarnings()).singleElement()
                .satisfies(warning -> assertThat(warning).startsWith("tcp_keep_idle = 60, tcp_keep_cnt = 3: ")
                        .contains("cannot be set").contains("the operating system's values apply"));
        assertThat(settings("tcp_keep_intvl", "10").startupWarnings()).singleElement()
                .satisfies(warning -> assertThat(warning).startsWith("tcp_keep_intvl = 10: "));
    }

    @Test
    void keepaliveTimingsAreNotWarnedAboutWhenKeepaliveIsOff() {
        assertThat(settings("enable_tcp_keepalive", "False", "tcp_keep_idle", "60").startupWarnings())
                .noneMatch(warning -> warning.contains("tcp_keep"));
    }

    @Test
    void existingFilesAreAccepted() throws Exception {
        Path template = Files.writeString(dir.resolve("pod.yaml"), "kind: Pod\n");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        KubernetesExecutorSettings s = settings("pod_template_file", template.toString(), "in_cluster", "False",
                "config_file", kubeconfig.toString(), "cluster_context", "dev");
        assertThat(s.pods().podTemplateFile()).contains(template);
        assertThat(s.connection().access().configFile()).contains(kubeconfig);
        assertThat(s.connection().access().context()).contains("dev");
    }

    @Test
    void verifySslOffIsWarnedAbout() {
        assertThat(settings("verify_ssl", "False").startupWarnings()).anyMatch(w -> w.contains("verify_ssl is False"));
    }
}
