package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.app.worker.ExecutionApiTryStore;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.worker.TryState;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution API over real HTTP with a real database: a worker's token reads, claims, heartbeats and finishes its
 * own try and nothing else; every refused token changes nothing and is never echoed; a repeated finish is answered as
 * the first; a worker outlives the API server being away.
 */
class ExecutionApiTest {

    private static final String TASKS = "/api/v1/dags/hello/runs/r1/tasks";
    private static final String CLAIM = "/execution/v1/try/claim";

    @TempDir
    Path home;

    private ApiTestBed bed;
    private TryTokens tokens;
    private TaskInstanceKey first;
    private int launch;

    @BeforeEach
    void queueTheFirstTask() throws Exception {
        bed = new ApiTestBed(home);
        tokens = TryTokens.from(bed.config, bed.clock);
        bed.scheduler.runOnce();
        bed.client.post("/api/v1/dags/hello/runs", "application/json", "{\"run_id\": \"r1\"}");
        bed.scheduler.runOnce();
        first = new TaskInstanceKey("hello", "first", "r1", 1, -1);
        TryState queued = databaseStore().currentTry(first.id()).orElseThrow();
        assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
        launch = queued.launchAttempt();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void aWorkerWithItsTokenRunsItsTryThroughTheApiAndARepeatedFinishIsAnsweredAsTheFirst() {
        ExecutionApiTryStore worker = worker(bed.server.address(), tokens.issue(first, launch));
        TryOwner owner = new TryOwner("pod-1", 7, bed.clock.instant());

        assertThat(worker.currentTry(first.id())).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo(TaskState.QUEUED);
            assertThat(row.launchAttempt()).isEqualTo(launch);
        });
        assertThat(worker.dagFileloc("hello")).hasValue("hello.yaml");
        assertThat(worker.claim(first, launch, owner)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(worker.heartbeat(first, owner, bed.clock.instant())).isInstanceOf(OwnershipCheck.Owned.class);
        FinalState success = new FinalState(TaskState.SUCCESS, Optional.empty(), Optional.empty(),
                "task exited with code 0");
        Instant ended = bed.clock.instant().plusSeconds(3);

        assertThat(worker.finish(first, owner, success, ended)).isInstanceOf(OwnershipCheck.Owned.class);
        assertThat(worker.finish(first, owner, success, ended)).as("the same finish again, as after a lost answer")
                .isInstanceOf(OwnershipCheck.Owned.class);
        assertThat(taskState("first")).isEqualTo("success");
        assertThat(worker.finish(first, owner, new FinalState(TaskState.FAILED, Optional.of("other"), Optional.empty(),
                "another outcome"), ended)).as("a different outcome after the recorded one")
                .isInstanceOf(OwnershipCheck.NotOwned.class);
        assertThat(taskState("first")).isEqualTo("success");
    }

    @Test
    void aClaimOfAnotherLaunchIsRefusedWithTheReasonAndRunsNothing() {
        ExecutionApiTryStore stale = worker(bed.server.address(), tokens.issue(first, launch + 1));

        assertThat(stale.claim(first, launch + 1, new TryOwner("pod-2", 8, bed.clock.instant())))
                .isInstanceOfSatisfying(ClaimResult.Refused.class, refused -> assertThat(refused.reason())
                        .contains("launch " + (launch + 1) + " of try 1 was revoked"));
        assertThat(taskState("first")).isEqualTo("queued");
    }

    @Test
    void aPodsLaunchTokenStillClaimsAfterALongPendingTimeAndAnExpiredOneFailsTheWorkerNamingTheSettings() {
        String launchToken = tokens.forLaunches(Duration.ofSeconds(1800)).issue(first, launch);
        String plainToken = tokens.issue(first, launch);
        bed.clock.advance(Duration.ofMinutes(15));

        assertThatThrownBy(() -> worker(bed.server.address(), plainToken).currentTry(first.id()))
                .isInstanceOf(WorkerError.class)
                .hasMessageContaining("answered 401: the token expired at")
                .hasMessageContaining("[api] execution_api_jwt_expiration_time")
                .hasMessageContaining("[kubernetes_executor] worker_pods_pending_timeout");
        ExecutionApiTryStore worker = worker(bed.server.address(), launchToken);
        assertThat(worker.currentTry(first.id())).isPresent();
        assertThat(worker.claim(first, launch, new TryOwner("pod-1", 7, bed.clock.instant())))
                .isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void everyRefusedTokenGets401Or403ChangesNothingAndIsNeverEchoed() throws IOException {
        String claim = claimBody(first, launch);
        String secondTask = tokens.issue(new TaskInstanceKey("hello", "second", "r1", 1, -1), launch);
        String laterTry = tokens.issue(first.withTryNumber(2), launch);
        String otherLaunch = tokens.issue(first, launch + 1);
        String otherKey = TryTokens.from(configWithSecret("not the key this server checks with"), bed.clock)
                .issue(first, launch);
        String expiring = tokens.issue(first, launch);

        assertRefused(bed.client.send("POST", CLAIM, claim), 401, "no token");
        assertRefused(post(claim, "not-a-jwt"), 401, "not a signed JWT");
        assertRefused(post(claim, otherKey), 401, "signature does not verify");
        assertRefused(post(claim, secondTask), 403, "this token is for hello.second");
        assertRefused(post(claim, laterTry), 403, "try=2");
        assertRefused(post(claim, otherLaunch), 403, "launch " + (launch + 1));
        assertRefused(bed.client.send("GET", "/execution/v1/try", null, "Authorization", "Bearer " + otherKey), 401,
                "signature does not verify");
        bed.clock.advance(Duration.ofSeconds(601));
        assertRefused(post(claim, expiring), 401, "expired");

        for (String token : new String[] {secondTask, laterTry, otherLaunch, otherKey, expiring}) {
            assertThat(bed.client.send("POST", CLAIM, claim, "Authorization", "Bearer " + token).body())
                    .doesNotContain(token);
        }
        assertThat(taskState("first")).isEqualTo("queued");
        assertThat(taskState("second")).isEqualTo("none");
    }

    @Test
    void aWorkerOutlivesTheApiServerForAWhileAndItsFinalStateLandsWhenTheServerIsBack() throws Exception {
        int port = freePort();
        Config config = ApiTestBed.config(home, home.resolve("dags"), Map.of("port", Integer.toString(port)));
        ApiServer away = ApiAssembly.start(config, bed.databaseSettings, Optional.empty(), bed.registry, bed.clock);
        ExecutionApiTryStore worker = worker(away.address(), tokens.issue(first, launch));
        TryOwner owner = new TryOwner("pod-3", 9, bed.clock.instant());
        assertThat(worker.claim(first, launch, owner)).isInstanceOf(ClaimResult.Claimed.class);
        away.close();

        assertThatThrownBy(() -> worker.heartbeat(first, owner, bed.clock.instant()))
                .as("a heartbeat is tried once").hasMessageContaining("unreachable");
        CompletableFuture<OwnershipCheck> finish = CompletableFuture.supplyAsync(() -> worker.finish(first, owner,
                new FinalState(TaskState.SUCCESS, Optional.empty(), Optional.empty(), "task exited with code 0"),
                bed.clock.instant()));
        assertThat(finish).as("still retrying while the server is away").isNotDone();
        try (ApiServer back = ApiAssembly.start(config, bed.databaseSettings, Optional.empty(), bed.registry, bed.clock)) {
            assertThat(back.address()).as("back at the same address").isEqualTo(away.address());
            assertThat(finish.get(60, TimeUnit.SECONDS)).isInstanceOf(OwnershipCheck.Owned.class);
        }
        assertThat(taskState("first")).isEqualTo("success");
    }

    private ExecutionApiTryStore worker(URI server, String token) {
        return new ExecutionApiTryStore(server.resolve("/execution/"), token, Duration.ofSeconds(60), Clock.systemUTC());
    }

    private WorkerTaskStore databaseStore() {
        return WorkerTaskStore.of(bed.database, Duration.ofSeconds(5), Clock.systemUTC());
    }

    private HttpResponse<String> post(String body, String token) {
        return bed.client.send("POST", CLAIM, body, "Authorization", "Bearer " + token);
    }

    private void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(bed.client.json(response).path("error").asText()).contains(reason);
    }

    private String taskState(String taskId) {
        for (JsonNode task : bed.client.json(bed.client.get(TASKS)).path("task_instances")) {
            if (task.path("task_id").asText().equals(taskId)) {
                return task.path("state").asText();
            }
        }
        throw new AssertionError("no task " + taskId);
    }

    private static String claimBody(TaskInstanceKey key, int launchAttempt) {
        return """
                {"try_ref": {"dag_id": "%s", "task_id": "%s", "run_id": "%s", "map_index": %d, "try_number": %d},
                 "launch_attempt": %d,
                 "owner": {"hostname": "pod-x", "pid": 1, "claimed_at": "2025-03-01T00:00:00Z"}}
                """.formatted(key.dagId(), key.taskId(), key.runId(), key.mapIndex(), key.tryNumber(), launchAttempt);
    }

    private Config configWithSecret(String secret) {
        return new Config(new MapConfigSource("other-key").set("api", "execution_api_jwt_secret", secret),
                ConfigLoader.schema(), home);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
