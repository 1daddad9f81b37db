package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.scheduler.SchedulerRepository;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} as a probe sees it, {@code /metrics} as Prometheus scrapes it, and the page at {@code /}. */
class ApiHealthAndMetricsTest {

    @TempDir
    Path home;

    private ApiTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void aSchedulerThatHeartbeatsIsHealthy() {
        bed.scheduler.runOnce();
        bed.clock.advance(Duration.ofSeconds(5));

        HttpResponse<String> response = bed.client.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode health = bed.client.json(response);
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("metadatabase").path("status").asText()).isEqualTo("healthy");
        assertThat(response.body()).doesNotContain("jdbc:");
        JsonNode scheduler = health.path("scheduler");
        assertThat(scheduler.path("id").asText()).isEqualTo(ApiTestBed.SCHEDULER_ID);
        assertThat(scheduler.path("state").asText()).isEqualTo("running");
        assertThat(scheduler.path("heartbeat_age_seconds").asDouble()).isEqualTo(5.0);
        assertThat(scheduler.path("health_check_threshold_seconds").asDouble()).isEqualTo(30.0);
        assertThat(health.path("schedulers")).hasSize(1);
        JsonNode executor = health.path("executors").get(0);
        assertThat(executor.path("executor").asText()).isEqualTo(ApiTestBed.EXECUTOR);
        assertThat(executor.path("open_slots").asInt()).isEqualTo(4);
    }

    @Test
    void aKubernetesApiServerThatCannotBeReachedMakesTheProcessDegradedButNotUnhealthy() {
        AtomicReference<Double> unreachable = new AtomicReference<>(0.0);
        Gauge.builder(KubernetesExecutor.API_UNREACHABLE_GAUGE, unreachable, AtomicReference::get).register(bed.registry);
        bed.scheduler.runOnce();

        JsonNode reachable = bed.client.json(bed.client.get("/health"));
        assertThat(reachable.path("status").asText()).isEqualTo("healthy");
        assertThat(reachable.path("kubernetes_api").path("status").asText()).isEqualTo("healthy");

        unreachable.set(42.5);
        HttpResponse<String> response = bed.client.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode degraded = bed.client.json(response);
        assertThat(degraded.path("status").asText()).isEqualTo("degraded");
        assertThat(degraded.path("kubernetes_api").path("status").asText()).isEqualTo("degraded");
        assertThat(degraded.path("kubernetes_api").path("unreachable_for_seconds").asDouble()).isEqualTo(42.5);
    }

    @Test
    void aHeartbeatOlderThanTheThresholdIsUnhealthy() {
        bed.scheduler.runOnce();
        bed.clock.advance(ApiTestBed.HEALTH_THRESHOLD.plusSeconds(1));

        HttpResponse<String> response = bed.client.get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = bed.client.json(response);
        assertThat(health.path("status").asText()).isEqualTo("unhealthy");
        assertThat(health.path("metadatabase").path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("scheduler").path("status").asText()).isEqualTo("unhealthy");
        assertThat(health.path("scheduler").path("heartbeat_age_seconds").asDouble()).isEqualTo(31.0);
    }

    /**
     * The scheduler heartbeats on, but its executor's sync fails every time (a wedged executor learns no outcome):
     * {@code /health} turns unhealthy once the executor has gone without a completed sync for longer than the
     * threshold, and names the executor.
     */
    @Test
    void anExecutorThatHasNotCompletedASyncForLongerThanTheThresholdIsUnhealthy() {
        bed.scheduler.runOnce();
        bed.executor.syncFails = true;
        for (int i = 0; i < 7; i++) {
            bed.clock.advance(Duration.ofSeconds(5));
            bed.scheduler.runOnce();
        }

        HttpResponse<String> response = bed.client.get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = bed.client.json(response);
        assertThat(health.path("status").asText()).isEqualTo("unhealthy");
        assertThat(health.path("scheduler").path("status").asText()).as("the scheduler itself heartbeats")
                .isEqualTo("healthy");
        JsonNode sync = health.path("executor_syncs").get(0);
        assertThat(sync.path("executor").asText()).isEqualTo(ApiTestBed.EXECUTOR);
        assertThat(sync.path("status").asText()).isEqualTo("unhealthy");
        assertThat(sync.path("seconds_since_sync").asDouble()).isEqualTo(35.0);

        bed.executor.syncFails = false;
        bed.scheduler.runOnce();
        assertThat(bed.client.get("/health").statusCode()).as("healthy again after a completed sync").isEqualTo(200);
    }

    @Test
    void onlyRunningSchedulersAreListedAndThisOneIsShownWhateverItsState() {
        SchedulerRepository schedulers = new SchedulerRepository(bed.jdbc);
        schedulers.register("other", "host-b", 2, List.of(), ApiTestBed.T0);
        schedulers.register("old", "host-c", 3, List.of(), ApiTestBed.T0);
        schedulers.markStopped("old", ApiTestBed.T0);
        schedulers.register(ApiTestBed.SCHEDULER_ID, "host-a", 1, List.of(), ApiTestBed.T0);
        schedulers.markStopped(ApiTestBed.SCHEDULER_ID, ApiTestBed.T0);

        JsonNode health = bed.client.json(bed.client.get("/health"));

        assertThat(health.path("scheduler").path("state").asText()).isEqualTo("stopped");
        assertThat(health.path("schedulers")).singleElement()
                .satisfies(scheduler -> assertThat(scheduler.path("id").asText()).isEqualTo("other"));
    }

    @Test
    void aSchedulerThatHasNotRegisteredYetIsNotReady() {
        HttpResponse<String> response = bed.client.get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(bed.client.json(response).path("scheduler").path("state").asText())
                .isEqualTo(HealthCheck.NOT_REGISTERED);
    }

    @Test
    void anUnreachableDatabaseIsUnhealthyAndItsCredentialsStayHidden() {
        DatabaseSettings unreachable = new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:1/taskpod?password=url-secret", "taskpod", "settings-secret", 1);
        try (ApiServer server = ApiAssembly.start(bed.config, unreachable, Optional.empty(), bed.registry, bed.clock);
                ApiClient client = new ApiClient(server)) {
            HttpResponse<String> response = client.get("/health");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode health = client.json(response);
            assertThat(health.path("status").asText()).isEqualTo("unhealthy");
            assertThat(health.path("metadatabase").path("status").asText()).isEqualTo("unhealthy");
            assertThat(health.path("metadatabase").path("error").asText()).isNotEmpty();
            assertThat(response.body()).doesNotContain("url-secret").doesNotContain("settings-secret")
                    .doesNotContain("jdbc:");
            assertThat(health.path("metadatabase").has("url")).isFalse();
        }
    }

    @Test
    void metricsAreInPrometheusTextFormatWithTheSchedulerAndExecutorMeters() {
        bed.scheduler.runOnce();

        HttpResponse<String> response = bed.client.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(response.body())
                .contains("# TYPE scheduler_loop_duration_seconds summary")
                .contains("scheduler_tasks_queued_total")
                .contains("scheduler_dag_runs_scheduled_total")
                .contains("executor_open_slots{executor=\"" + ApiTestBed.EXECUTOR + "\"} 4.0")
                .contains("executor_running_tasks{executor=\"" + ApiTestBed.EXECUTOR + "\"} 0.0")
                .contains("executor_queued_tasks{executor=\"" + ApiTestBed.EXECUTOR + "\"} 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void theIndexPageIsServed() {
        HttpResponse<String> response = bed.client.get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<title>taskpod</title>").contains("/api/v1/dags");
    }
}
