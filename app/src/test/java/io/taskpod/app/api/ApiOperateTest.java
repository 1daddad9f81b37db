package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manual actions over real HTTP (authentication off, on loopback): their shapes, effects and refusals. */
class ApiOperateTest {

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

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return bed.client.json(response);
    }

    private void setState(String taskId, TaskState state) {
        bed.jdbc.withConnection("set state", connection -> {
            try (var update = connection.prepareStatement("UPDATE task_instance SET state = ?, try_number = 1 "
                    + "WHERE run_id = 'r1' AND task_id = ?")) {
                update.setString(1, state.dbValue());
                update.setString(2, taskId);
                return update.executeUpdate();
            }
        });
    }

    @Test
    void getAndPatchOfADagShowAndChangeIsPausedAndTheEventLogSaysWho() {
        assertThat(ok(bed.client.get(DAG)).path("is_paused").asBoolean(true)).isFalse();
        assertThat(ok(bed.client.send("PATCH", DAG, "{\"is_paused\": true}")).path("is_paused").asBoolean()).isTrue();
        assertThat(ok(bed.client.get(DAG)).path("is_paused").asBoolean()).isTrue();
        HttpResponse<String> bad = bed.client.send("PATCH", DAG, "{\"is_paused\": \"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bed.client.json(bad).path("field").asText()).isEqualTo("is_paused");
        JsonNode log = ok(bed.client.get("/api/v1/eventLogs?dag_id=hello"));
        assertThat(log.path("event_logs").get(0).path("event").asText()).isEqualTo("pause");
        assertThat(log.path("event_logs").get(0).path("owner").asText()).isEqualTo("anonymous");
    }

    @Test
    void clearTaskInstancesIsADryRunOfFailedOnesUnlessToldOtherwiseAsInAirflow() {
        setState("first", TaskState.FAILED);
        setState("second", TaskState.UPSTREAM_FAILED);

        JsonNode dry = ok(bed.client.send("POST", DAG + "/clearTaskInstances", "{\"task_ids\": [\"first\"], "
                + "\"include_downstream\": true}"));
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("task_instances").findValuesAsText("task_id")).containsExactly("first", "second");
        assertThat(dry.path("task_instances").get(0).path("new_state").asText()).isEqualTo("none");

        JsonNode done = ok(bed.client.send("POST", DAG + "/clearTaskInstances", "{\"dag_run_id\": \"latest\", "
                + "\"dry_run\": false}"));
        assertThat(done.path("task_instances")).hasSize(2);
        assertThat(ok(bed.client.get(RUN + "/tasks")).path("task_instances").findValuesAsText("state"))
                .containsOnly("none");
        HttpResponse<String> unknownTask = bed.client.send("POST", DAG + "/clearTaskInstances", "{\"task_ids\": [\"x\"]}");
        assertThat(unknownTask.statusCode()).isEqualTo(400);
    }

    @Test
    void patchingATaskInstanceMarksItAndItsDownstream() {
        JsonNode marked = ok(bed.client.send("PATCH", RUN + "/tasks/first", "{\"new_state\": \"success\", "
                + "\"dry_run\": false, \"include_downstream\": true}"));
        assertThat(marked.path("task_instances").findValuesAsText("new_state")).containsExactly("success", "success");
        HttpResponse<String> wrongState = bed.client.send("PATCH", RUN + "/tasks/first", "{\"new_state\": \"running\"}");
        assertThat(wrongState.statusCode()).isEqualTo(400);
        assertThat(bed.client.json(wrongState).path("error").asText()).contains("[success, failed]");
        JsonNode transitions = ok(bed.client.get(RUN + "/tasks/first/transitions"));
        assertThat(transitions.path("transitions").findValuesAsText("changed_by")).contains("anonymous");
    }

    @Test
    void cancellingARunEndsItFailedWithTheReasonAndMarkingARunSucceedsIt() {
        setState("first", TaskState.RUNNING);

        JsonNode cancelled = ok(bed.client.send("POST", DAG + "/runs/latest/cancel", null));
        assertThat(cancelled.path("run").path("state").asText()).isEqualTo("failed");
        assertThat(cancelled.path("previous_state").asText()).isEqualTo("queued");
        assertThat(cancelled.path("task_instances").findValuesAsText("new_state")).containsExactly("failed", "skipped");
        assertThat(cancelled.path("task_instances").get(0).path("stop_requested").asBoolean()).isTrue();
        assertThat(new DagRunRepository(bed.jdbc).find(new RunKey("hello", "r1")).orElseThrow().state())
                .isEqualTo(DagRunState.FAILED);

        JsonNode marked = ok(bed.client.send("PATCH", RUN, "{\"state\": \"success\"}"));
        assertThat(marked.path("run").path("state").asText()).isEqualTo("success");
        assertThat(bed.client.send("PATCH", RUN, "{\"state\": \"queued\"}").statusCode()).isEqualTo(400);
        assertThat(bed.client.send("POST", DAG + "/runs/nope/cancel", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFormOfAnotherSiteCannotCancelARunOnTheLoopbackServerButThePageCan() {
        String cancel = DAG + "/runs/latest/cancel";
        HttpResponse<String> fromAModernBrowser = bed.client.send("POST", cancel, null, "Sec-Fetch-Site", "cross-site",
                "Origin", "https://evil.example");
        HttpResponse<String> fromAnOlderBrowser = bed.client.send("POST", cancel, null, "Origin", "https://evil.example");

        assertThat(fromAModernBrowser.statusCode()).as(fromAModernBrowser.body()).isEqualTo(403);
        assertThat(bed.client.json(fromAModernBrowser).path("error").asText()).contains("Sec-Fetch-Site: cross-site");
        assertThat(fromAnOlderBrowser.statusCode()).as(fromAnOlderBrowser.body()).isEqualTo(403);
        assertThat(bed.client.json(fromAnOlderBrowser).path("error").asText()).contains("https://evil.example");
        assertThat(new DagRunRepository(bed.jdbc).find(new RunKey("hello", "r1")).orElseThrow().state())
                .isEqualTo(DagRunState.QUEUED);

        String host = bed.server.address().getAuthority();
        assertThat(ok(bed.client.send("POST", cancel, null, "Sec-Fetch-Site", "same-origin", "Origin",
                "http://" + host)).path("run").path("state").asText()).isEqualTo("failed");
    }

    @Test
    void aBackfillOfADagWithoutScheduleIsRefusedNamingWhy() {
        HttpResponse<String> refused = bed.client.send("POST", "/api/v1/backfills", "{\"dag_id\": \"hello\", "
                + "\"from_date\": \"2025-01-01T00:00:00Z\", \"to_date\": \"2025-01-03T00:00:00Z\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(bed.client.json(refused).path("error").asText()).contains("has no schedule");
        HttpResponse<String> badDate = bed.client.send("POST", "/api/v1/backfills", "{\"dag_id\": \"hello\", "
                + "\"from_date\": \"yesterday\", \"to_date\": \"2025-01-03T00:00:00Z\"}");
        assertThat(bed.client.json(badDate).path("field").asText()).isEqualTo("from_date");
    }

    @Test
    void answersNameTheExecutorSuggestMistypedDagsAndNeverEchoHugeValuesOrHtml() {
        JsonNode tasks = ok(bed.client.get(DAG + "/runs/latest/tasks"));
        assertThat(tasks.path("task_instances").get(0).path("executor").asText()).isEqualTo("LocalExecutor");

        HttpResponse<String> typo = bed.client.get("/api/v1/dags/helo");
        assertThat(typo.statusCode()).isEqualTo(404);
        assertThat(bed.client.json(typo).path("error").asText()).contains("did you mean 'hello'?");

        String huge = "x".repeat(100_000);
        HttpResponse<String> longRunId = bed.client.send("POST", DAG + "/runs", "{\"run_id\": \"" + huge + "\"}");
        assertThat(longRunId.statusCode()).isEqualTo(400);
        assertThat(longRunId.body().length()).isLessThan(2_000);

        HttpResponse<String> longPath = bed.client.get("/api/v1/dags/" + "y".repeat(20_000));
        assertThat(longPath.statusCode()).isEqualTo(414);
        assertThat(longPath.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(bed.client.json(longPath).path("error").asText()).contains("longer than the server reads");
    }
}
