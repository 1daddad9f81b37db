package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web page reads besides the operating API, over real HTTP: a DAG's tasks, grid and source, one task instance
 * with its tries, a log read on from an offset with the headers that let the page follow it, and the page itself at
 * every one of its addresses.
 */
class ApiWebPageTest {

    private static final String DAG = "/api/v1/dags/hello";
    private static final String RUN = DAG + "/runs/r1";

    @TempDir
    Path home;

    private ApiTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home);
        bed.scheduler.runOnce();
        assertThat(bed.client.send("POST", DAG + "/runs", "{\"run_id\": \"r1\"}").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private JsonNode ok(String path) {
        HttpResponse<String> response = bed.client.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return bed.client.json(response);
    }

    private void setState(String taskId, String state, String endedAt) {
        bed.jdbc.withConnection("set state", connection -> {
            try (var update = connection.prepareStatement("UPDATE task_instance SET state = ?, try_number = 1, "
                    + "ended_at = ?::timestamptz WHERE run_id = 'r1' AND task_id = ?")) {
                update.setString(1, state);
                update.setString(2, endedAt);
                update.setString(3, taskId);
                return update.executeUpdate();
            }
        });
    }

    private Path logFile(String taskId) throws IOException {
        Path file = bed.logFiles.pathOf(new TaskInstanceKey("hello", taskId, "r1", 1, -1));
        Files.createDirectories(file.getParent());
        return file;
    }

    @Test
    void tasksListEachTaskWithItsDependenciesBothWays() {
        JsonNode tasks = ok(DAG + "/tasks").path("tasks");

        assertThat(tasks.findValuesAsText("task_id")).containsExactly("first", "second");
        assertThat(tasks.get(0).path("downstream_task_ids").get(0).asText()).isEqualTo("second");
        assertThat(tasks.get(1).path("upstream_task_ids").get(0).asText()).isEqualTo("first");
        assertThat(tasks.get(0).path("operator").asText()).isEqualTo("bash");
        assertThat(tasks.get(0).path("is_mapped").asBoolean()).isFalse();
        assertThat(bed.client.get("/api/v1/dags/nope/tasks").statusCode()).isEqualTo(404);
    }

    @Test
    void theGridHasOneColumnPerRunOldestFirstWithOneCellPerTask() {
        bed.clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(bed.client.send("POST", DAG + "/runs", "{\"run_id\": \"r2\"}").statusCode()).isEqualTo(201);
        setState("first", "failed", null);

        JsonNode grid = ok(DAG + "/grid?limit=5");

        assertThat(grid.path("tasks").toString()).isEqualTo("[\"first\",\"second\"]");
        assertThat(grid.path("runs").findValuesAsText("run_id")).containsExactly("r1", "r2");
        JsonNode first = grid.path("runs").get(0).path("cells").path("first");
        assertThat(first.path("state").asText()).isEqualTo("failed");
        assertThat(first.path("try_number").asInt()).isEqualTo(1);
        assertThat(first.path("map_count").isNull()).isTrue();
        assertThat(ok(DAG + "/grid?limit=1").path("runs").findValuesAsText("run_id")).containsExactly("r2");
        assertThat(bed.client.get(DAG + "/grid?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theSourceIsTheDagFileAsItIsNow() {
        HttpResponse<String> source = bed.client.get(DAG + "/source");

        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        assertThat(source.body()).isEqualTo(ApiTestBed.HELLO_DAG);
    }

    @Test
    void aTaskInstanceComesWithItsTries() {
        bed.scheduler.runOnce();

        JsonNode detail = ok(RUN + "/tasks/first");

        assertThat(detail.path("task_instance").path("state").asText()).isEqualTo("queued");
        assertThat(detail.path("tries")).hasSize(1);
        assertThat(detail.path("tries").get(0).path("try_number").asInt()).isEqualTo(1);
        assertThat(detail.path("tries").get(0).path("ended_at").isNull()).isTrue();
        assertThat(bed.client.get(RUN + "/tasks/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningTrysLogIsReadWholeOrInWholeLinesFromAnOffsetUntilTheTryHasEnded() throws IOException {
        setState("first", "running", null);
        Files.writeString(logFile("first"), "one\ntwo\nthr");

        assertThat(bed.client.get(RUN + "/tasks/first/logs?try_number=1").body()).isEqualTo("one\ntwo\nthr");
        HttpResponse<String> live = bed.client.get(RUN + "/tasks/first/logs?try_number=1&offset=0");
        assertThat(live.body()).isEqualTo("one\ntwo\n");
        assertThat(live.headers().firstValue(TaskLogEndpoint.OFFSET_HEADER)).contains("8");
        assertThat(live.headers().firstValue(TaskLogEndpoint.COMPLETE_HEADER)).contains("false");
        assertThat(live.headers().firstValue(TaskLogEndpoint.SOURCE_HEADER)).contains("file");

        Files.writeString(logFile("first"), "one\ntwo\nthree\nfin");
        setState("first", "success", "2025-01-01T00:00:00Z");
        HttpResponse<String> rest = bed.client.get(RUN + "/tasks/first/logs?try_number=1&offset=8");
        assertThat(rest.body()).isEqualTo("three\nfin");
        assertThat(rest.headers().firstValue(TaskLogEndpoint.OFFSET_HEADER)).contains("17");
        assertThat(rest.headers().firstValue(TaskLogEndpoint.COMPLETE_HEADER)).contains("true");
        assertThat(bed.client.get(RUN + "/tasks/first/logs?try_number=1&offset=99").body()).isEmpty();
        HttpResponse<String> negative = bed.client.get(RUN + "/tasks/first/logs?try_number=1&offset=-1");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(bed.client.json(negative).path("field").asText()).isEqualTo("offset");
    }

    @Test
    void aPodsLogIsReadWholeAndSaysSo() {
        bed.scheduler.runOnce();

        HttpResponse<String> pod = bed.client.get(RUN + "/tasks/first/logs");

        assertThat(pod.statusCode()).as(pod.body()).isEqualTo(200);
        assertThat(pod.headers().firstValue(TaskLogEndpoint.SOURCE_HEADER)).contains("pod");
        assertThat(pod.headers().firstValue(TaskLogEndpoint.OFFSET_HEADER)).isEmpty();
        assertThat(pod.headers().firstValue(TaskLogEndpoint.COMPLETE_HEADER)).contains("false");
    }

    @Test
    void everyAddressOfThePageAnswersTheSamePageWithAPolicyThatAllowsOnlyThisServer() {
        for (String path : new String[] {"/", "/dags", "/dags/hello/grid", "/dags/hello/runs/r1/tasks/first/logs/1",
                "/login"}) {
            HttpResponse<String> page = bed.client.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(WebUi.CONTENT_SECURITY_POLICY);
        }
        HttpResponse<String> script = bed.client.get("/ui/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("javascript"));
        assertThat(bed.client.get("/ui/vendor/dagre/dagre.esm.js").statusCode()).isEqualTo(200);
        assertThat(bed.client.get("/elsewhere").statusCode()).isEqualTo(404);
    }
}
