package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.TaskpodProcess.Result;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** db migrate, dags trigger, tasks states and api-server as a user runs them: the packaged jar in its own process. */
class SchedulerCommandsIT {

    /** How a JVM ends on SIGTERM once its shutdown hooks are done: 128 + 15. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path home;

    /** A home with one DAG file and the examples off, on a fresh database of the test server. */
    private Map<String, String> environment() throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("etl.yaml"), """
                dag_id: etl
                tasks:
                  - task_id: extract
                    bash: 'true'
                  - task_id: load
                    depends_on: extract
                    expand: [a, b]
                    bash: 'true'
                """);
        TestDatabase database = TestPostgres.newDatabase();
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        return environment;
    }

    @Test
    void dbMigrateOnTheEmbeddedDatabaseKeepsItsDataBetweenRuns() throws Exception {
        Map<String, String> environment = Map.of("TASKPOD_HOME", home.toString());

        Result first = TaskpodProcess.run(environment, "db", "migrate");
        Result second = TaskpodProcess.run(environment, "db", "migrate");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("Database embedded PostgreSQL jdbc:postgresql://localhost:")
                .contains("(data in " + home.resolve("db") + ")").containsPattern("applied [1-9][0-9]* migration\\(s\\)");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("the schema is up to date");
        assertThat(home.resolve("db/postmaster.pid")).doesNotExist();
    }

    @Test
    void triggerCreatesAQueuedRunWhoseTaskInstancesTasksStatesShows() throws Exception {
        Map<String, String> environment = environment();

        Result trigger = TaskpodProcess.run(environment, "dags", "trigger", "etl", "--run-id", "r1", "--conf", "{\"day\": 1}");
        Result table = TaskpodProcess.run(environment, "tasks", "states", "etl", "r1");
        Result json = TaskpodProcess.run(environment, "tasks", "states", "etl", "r1", "--output", "json");

        assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
        assertThat(trigger.stdout()).contains("Created run r1 of DAG etl (queued).")
                .contains("no scheduler is running");
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout()).contains("Run r1 of DAG etl: queued").containsPattern("extract\\s+none\\s+0")
                .containsPattern("load\\[1\\]\\s+none\\s+0");
        JsonNode rows = new ObjectMapper().readTree(json.stdout());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get("task_id").asText()).isEqualTo("load");
        assertThat(rows.get(1).get("map_index").asInt()).isZero();
        assertThat(rows.get(1).get("state").asText()).isEqualTo("none");
    }

    @Test
    void triggerReportsWhatIsWrongWithItsArguments() throws Exception {
        Map<String, String> environment = environment();

        Result unknown = TaskpodProcess.run(environment, "dags", "trigger", "nope");
        Result badConf = TaskpodProcess.run(environment, "dags", "trigger", "etl", "--conf", "[1]");
        TaskpodProcess.run(environment, "dags", "trigger", "etl", "--run-id", "twice");
        Result duplicate = TaskpodProcess.run(environment, "dags", "trigger", "etl", "--run-id", "twice");
        Result noRun = TaskpodProcess.run(environment, "tasks", "states", "etl", "missing");
        Result reserved = TaskpodProcess.run(environment, "dags", "trigger", "etl", "--run-id", "scheduled__x");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("taskpod: DAG 'nope' not found in " + home.resolve("dags"));
        assertThat(badConf.exitCode()).isEqualTo(1);
        assertThat(badConf.stderr()).contains("--conf must be a JSON object");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.stderr()).contains("DAG 'etl' already has a run 'twice'");
        assertThat(noRun.exitCode()).isEqualTo(1);
        assertThat(noRun.stderr()).contains("no run 'missing' of DAG 'etl'");
        assertThat(reserved.exitCode()).isEqualTo(2);
        assertThat(reserved.stderr()).contains("run_id must not start with 'scheduled__'", "got 'scheduled__x'");
    }

    @Test
    void aSchedulerWithAnUnknownExecutorStopsWithAConfigurationError() throws Exception {
        Map<String, String> environment = environment();
        environment.put("TASKPOD__CORE__EXECUTOR", "NoSuchExecutor");

        Result result = TaskpodProcess.run(environment, "scheduler");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr()).contains("taskpod: [core] executor = NoSuchExecutor: unknown executor 'NoSuchExecutor'");
    }

    @Test
    void theApiServerSwitchedOffIsAConfigurationError() throws Exception {
        Map<String, String> environment = environment();
        environment.put("TASKPOD__API__ENABLED", "False");

        Result result = TaskpodProcess.run(environment, "api-server");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr()).contains("taskpod: [api] enabled = False: the HTTP server is switched off");
    }

    @Test
    void theApiServerAnswersOverHttpAndStopsCleanlyOnSigterm() throws Exception {
        try (BackgroundTaskpod server = BackgroundTaskpod.start(environment(), "api-server");
                HttpClient http = HttpClient.newHttpClient()) {
            server.awaitLog("API server listening on ", Duration.ofSeconds(90));
            Matcher listening = Pattern.compile("API server listening on (http://\\S+)").matcher(server.stderr());
            assertThat(listening.find()).isTrue();
            URI address = URI.create(listening.group(1));

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(address.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> dags = http.send(HttpRequest.newBuilder(address.resolve("/api/v1/dags")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(dags.statusCode()).as(dags.body()).isEqualTo(200);
            assertThat(dags.body()).contains("\"dag_id\" : \"etl\"");
            assertThat(server.terminate(Duration.ofSeconds(60))).isEqualTo(SIGTERM_EXIT);
            assertThat(server.stderr()).contains("Stopping (signal received)").doesNotContain("Did not stop within");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"db migrate", "scheduler", "standalone", "api-server", "dags trigger", "dags test",
            "tasks states"})
    void everyCommandExplainsItself(String command) throws Exception {
        Result result = TaskpodProcess.run(Map.of("TASKPOD_HOME", home.toString()), (command + " --help").split(" "));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("Usage: taskpod " + command).contains("--config=FILE");
    }
}
