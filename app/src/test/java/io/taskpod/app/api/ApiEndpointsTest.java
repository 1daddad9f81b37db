package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP: reads, triggering a run, and the errors that name what was wrong. */
class ApiEndpointsTest {

    private static final String JSON = "application/json";
    private static final String RUNS = "/api/v1/dags/hello/runs";
    private static final String TASKS = RUNS + "/r1/tasks";

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
    void listsTheDagsWithWhatTheDatabaseKnowsAndTheFilesThatDidNotLoad() {
        bed.scheduler.runOnce();

        JsonNode list = ok(bed.client.get("/api/v1/dags"));

        assertThat(list.path("dags")).hasSize(1);
        JsonNode dag = list.path("dags").get(0);
        assertThat(dag.path("dag_id").asText()).isEqualTo("hello");
        assertThat(dag.path("description").asText()).isEqualTo("Two steps, one after the other.");
        assertThat(texts(dag.path("tasks"))).containsExactly("first", "second");
        assertThat(texts(dag.path("tags"))).containsExactly("demo");
        assertThat(dag.path("is_paused").asBoolean(true)).isFalse();
        assertThat(list.path("load_errors")).hasSize(1);
        assertThat(list.path("load_errors").get(0).path("file").asText()).endsWith("broken.yaml");
        assertThat(list.path("load_errors").get(0).path("reason").asText()).isNotEmpty();
    }

    @Test
    void aDagWhoseExecutorConfigTheKubernetesExecutorWouldRefuseIsALoadErrorNamingTheField() throws Exception {
        Files.writeString(home.resolve("dags").resolve("typo.yaml"), """
                dag_id: typo
                tasks:
                  - task_id: a
                    bash: 'true'
                    executor_config:
                      KubernetesExecutor: {request_memroy: 1Gi}
                """);

        JsonNode list = ok(bed.client.get("/api/v1/dags"));

        assertThat(list.path("dags").findValuesAsText("dag_id")).contains("hello").doesNotContain("typo");
        JsonNode error = list.path("load_errors").valueStream()
                .filter(e -> e.path("file").asText().endsWith("typo.yaml")).findFirst().orElseThrow();
        assertThat(error.path("field").asText()).isEqualTo("tasks[0].executor_config.KubernetesExecutor.request_memroy");
        assertThat(error.path("reason").asText()).startsWith("unknown key; the KubernetesExecutor keys are");
    }

    @Test
    void triggeringCreatesAQueuedRunWithItsTaskInstances() {
        bed.scheduler.runOnce();

        HttpResponse<String> response = bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\", \"conf\": {\"x\": 1}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = bed.client.json(response);
        assertThat(created.path("run").path("run_id").asText()).isEqualTo("r1");
        assertThat(created.path("run").path("state").asText()).isEqualTo("queued");
        assertThat(created.path("run").path("run_type").asText()).isEqualTo("manual");
        assertThat(created.path("run").path("created_by").asText()).isEqualTo("anonymous");
        assertThat(created.path("run").path("conf").path("x").asInt()).isEqualTo(1);
        assertThat(created.path("notes")).isEmpty();
        assertThat(new DagRunRepository(bed.jdbc).find(new RunKey("hello", "r1"))).isPresent();
        JsonNode runs = ok(bed.client.get(RUNS));
        assertThat(runs.path("runs")).hasSize(1);
        assertThat(runs.path("runs").get(0).path("run_id").asText()).isEqualTo("r1");
        assertThat(ok(bed.client.get(TASKS)).path("task_instances")).hasSize(2);
    }

    @Test
    void anEmptyTriggerGetsAGeneratedRunIdAndSaysWhenNoSchedulerIsRunning() {
        HttpResponse<String> response = bed.client.post(RUNS, JSON, "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = bed.client.json(response);
        assertThat(created.path("run").path("run_id").asText()).startsWith("manual__");
        assertThat(texts(created.path("notes"))).singleElement().asString()
                .contains("no scheduler is running on the metadata database").doesNotContain("jdbc:");
    }

    @Test
    void aRunCreatedWhenTheNotesCannotBeReadIsStillCreated() throws Exception {
        HttpResponse<String> response;
        execute("ALTER TABLE scheduler RENAME TO scheduler_hidden");
        try {
            response = bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\", \"conf\": {\"x\": 1}}");
        } finally {
            execute("ALTER TABLE scheduler_hidden RENAME TO scheduler");
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = bed.client.json(response);
        assertThat(created.path("run").path("run_id").asText()).isEqualTo("r1");
        assertThat(created.path("run").path("state").asText()).isEqualTo("queued");
        assertThat(created.path("run").path("conf").path("x").asInt()).isEqualTo(1);
        assertThat(created.path("run").path("created_at").asText()).isNotEmpty();
        assertThat(created.path("notes")).isEmpty();
        assertThat(new DagRunRepository(bed.jdbc).find(new RunKey("hello", "r1"))).isPresent();
    }

    @Test
    void aTriggerThatCannotBeDoneSaysWhichFieldIsWrong() {
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");

        assertError(bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}"), 409, "run_id", "already has a run 'r1'");
        assertError(bed.client.post(RUNS, "text/plain", "{}"), 415, null, "Content-Type: application/json");
        assertError(bed.client.post(RUNS, JSON, "{not json"), 400, "body", "not valid JSON");
        assertError(bed.client.post(RUNS, JSON, "[1]"), 400, "body", "must be a JSON object");
        assertError(bed.client.post(RUNS, JSON, "{\"conf\": [1]}"), 400, "conf", "conf must be a JSON object");
        assertError(bed.client.post(RUNS, JSON, "{\"run_id\": 7}"), 400, "run_id", "non-empty string");
        assertError(bed.client.post(RUNS, JSON, "{\"runid\": \"r2\"}"), 400, "runid", "unknown field 'runid'");
        assertError(bed.client.post(RUNS, JSON, "{\"run_id\": \"a/b\"}"), 400, "run_id", "must match");
        assertError(bed.client.post(RUNS, JSON, "{\"run_id\": \"scheduled__2025-03-01T00:00:00+00:00\"}"), 400,
                "run_id", "must not start with 'scheduled__'");
        assertThat(ok(bed.client.get(RUNS)).path("runs")).hasSize(1);
        assertError(bed.client.post("/api/v1/dags/nope/runs", JSON, "{}"), 404, "dag_id", "no DAG 'nope'");
    }

    @Test
    void taskInstancesShowStateTryExecutorAndTheirTransitions() {
        bed.scheduler.runOnce();
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");
        bed.scheduler.runOnce();

        JsonNode list = ok(bed.client.get(TASKS));

        assertThat(list.path("run").path("run_id").asText()).isEqualTo("r1");
        assertThat(list.path("run").path("state").asText()).isEqualTo("running");
        JsonNode first = taskInstance(list, "first");
        assertThat(first.path("state").asText()).isEqualTo("queued");
        assertThat(first.path("try_number").asInt()).isEqualTo(1);
        assertThat(first.path("queued_by").asText()).isEqualTo(ApiTestBed.SCHEDULER_ID);
        assertThat(first.path("map_index").asInt()).isEqualTo(-1);
        assertThat(first.has("failure_reason")).isTrue();
        assertThat(first.has("hostname")).isTrue();
        assertThat(first.path("external_executor_id").asText()).isEqualTo("taskpod/hello-first-1");
        assertThat(taskInstance(list, "second").path("try_number").asInt()).isZero();

        JsonNode transitions = ok(bed.client.get(TASKS + "/first/transitions"));
        List<String> states = new ArrayList<>();
        transitions.path("transitions").forEach(t -> states.add(t.path("to").asText()));
        assertThat(states).last().isEqualTo("queued");
        assertThat(transitions.path("task_id").asText()).isEqualTo("first");
    }

    @Test
    void aTrysLogIsFoundAsTasksLogsFindsIt() throws Exception {
        bed.scheduler.runOnce();
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");
        bed.scheduler.runOnce();
        Path file = bed.logFiles.pathOf(new TaskInstanceId("hello", "first", "r1", -1).withTry(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "hello from try 1\n");

        HttpResponse<String> current = bed.client.get(TASKS + "/first/logs");
        HttpResponse<String> explicit = bed.client.get(TASKS + "/first/logs?try_number=1&map_index=-1");

        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).isEqualTo("hello from try 1\n");
        assertThat(current.headers().firstValue(TaskLogEndpoint.TRY_HEADER)).hasValue("1");
        assertThat(current.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(explicit.body()).isEqualTo("hello from try 1\n");
        HttpResponse<String> noLog = bed.client.get(TASKS + "/first/logs?try_number=2");
        assertError(noLog, 404, "try_number", "no log for");
        assertThat(noLog.body()).doesNotContain(home.toString()).doesNotContain("attempt=2.log");
        assertError(bed.client.get(TASKS + "/second/logs"), 404, null, "has not run yet");
    }

    @Test
    void aRunningPodsLogThatCannotBeReadIsABadGatewayThatNamesNoServerPath() {
        bed.scheduler.runOnce();
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");
        bed.scheduler.runOnce();
        bed.pods = (missingFile, pod) -> {
            throw new ConfigException("[kubernetes_executor] namespace has no value and no default");
        };

        HttpResponse<String> response = bed.client.get(TASKS + "/first/logs");

        assertError(response, 502, null, "the log of its pod taskpod/hello-first-1 could not be read: "
                + "[kubernetes_executor] namespace has no value");
        assertThat(response.body()).doesNotContain(home.toString()).doesNotContain("attempt=1.log");
    }

    @Test
    void whileTheLogFileDoesNotExistTheRunningPodsLogStandsIn() {
        bed.scheduler.runOnce();
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");
        bed.scheduler.runOnce();

        HttpResponse<String> response = bed.client.get(TASKS + "/first/logs");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("tail of pod taskpod/hello-first-1 while "
                + Path.of("dag_id=hello", "run_id=r1", "task_id=first", "attempt=1.log") + " does not exist\n");
        assertThat(response.headers().firstValue(TaskLogEndpoint.TRY_HEADER)).hasValue("1");
    }

    @Test
    void whatDoesNotExistIsA404NamingTheFirstMissingPart() {
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");

        assertError(bed.client.get("/api/v1/dags/nope/runs"), 404, "dag_id", "no DAG 'nope'");
        assertError(bed.client.get("/api/v1/dags/nope/runs/r1/tasks"), 404, "dag_id", "no DAG 'nope'");
        assertError(bed.client.get(RUNS + "/r9/tasks"), 404, "run_id", "no run 'r9' of DAG 'hello'");
        assertError(bed.client.get(TASKS + "/third/transitions"), 404, "task_id", "task 'third'");
        assertError(bed.client.get(TASKS + "/first/logs?map_index=3"), 404, "task_id", "with map_index 3");
        assertError(bed.client.get("/api/v1/nothing"), 404, null, "");
    }

    @Test
    void aBadQueryParameterIsA400NamingIt() {
        bed.client.post(RUNS, JSON, "{\"run_id\": \"r1\"}");

        assertError(bed.client.get(RUNS + "?limit=0"), 400, "limit", "limit must be an integer between 1 and 1000");
        assertError(bed.client.get(RUNS + "?limit=many"), 400, "limit", "got 'many'");
        assertError(bed.client.get(TASKS + "/first/transitions?map_index=x"), 400, "map_index", "integer >= -1");
        assertError(bed.client.get(TASKS + "/first/logs?try_number=0"), 400, "try_number", "tries count from 1");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = bed.database.connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return bed.client.json(response);
    }

    private void assertError(HttpResponse<String> response, int status, String field, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = bed.client.json(response);
        assertThat(error.path("error").asText()).contains(message);
        if (field == null) {
            assertThat(error.path("field").isNull()).isTrue();
        } else {
            assertThat(error.path("field").asText()).isEqualTo(field);
        }
    }

    private static JsonNode taskInstance(JsonNode list, String taskId) {
        for (JsonNode ti : list.path("task_instances")) {
            if (ti.path("task_id").asText().equals(taskId)) {
                return ti;
            }
        }
        throw new AssertionError("no task instance " + taskId + " in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
