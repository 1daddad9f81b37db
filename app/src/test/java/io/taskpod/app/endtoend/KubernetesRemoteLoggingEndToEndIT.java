package io.taskpod.app.endtoend;

import static io.taskpod.app.testing.kubernetes.KubernetesEndToEnd.podsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import io.taskpod.app.testing.s3.S3MockServer;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Remote logging end to end: the KubernetesExecutor's pods write their logs to a folder of their own, which the
 * scheduler and {@code tasks logs} never see (no shared log volume), and upload them to a real S3-protocol server on
 * loopback ({@link S3MockServer}); {@code tasks logs} reads every try back from there, including a try whose pod
 * never started (the executor's reason, appended remotely) and one whose pod was killed mid-run (its log up to the
 * last upload). Credentials reach the scheduler and commands through the environment and the pods through a Secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesRemoteLoggingEndToEndIT {

    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String RUN_ID = "r1";
    private static final String BUCKET = "taskpod-logs";
    private static final String PREFIX = "e2e";
    private static final String SECRET_KEY = "e2e-S3-Secret-Key-91c2";

    private S3MockServer s3;
    private KubernetesEndToEnd cluster;
    private SchedulerProcess scheduler;
    private Path workerLogs;

    @BeforeAll
    void start() throws IOException {
        Path s3Folder = Path.of("target", "s3mock-e2e", "KubernetesRemoteLoggingEndToEndIT").toAbsolutePath();
        deleteRecursively(s3Folder);
        s3 = S3MockServer.create(Files.createDirectories(s3Folder), BUCKET);
        CompletableFuture<Void> s3Started = CompletableFuture.runAsync(s3::start);
        KubernetesEndToEnd.Builder builder = KubernetesEndToEnd.builder("KubernetesRemoteLoggingEndToEndIT");
        workerLogs = builder.output().resolve("worker-local-logs");
        builder.kubernetes("worker_pods_pending_timeout", "8")
                .kubernetes("worker_pods_reconcile_interval", "4")
                .set("logging", "remote_logging", "True")
                .set("logging", "remote_base_log_folder", "s3://" + BUCKET + "/" + PREFIX)
                .set("logging", "remote_log_endpoint_url", s3.endpoint())
                .set("logging", "remote_log_path_style_access", "True")
                .set("logging", "remote_log_upload_interval", "1")
                .environment("AWS_ACCESS_KEY_ID", "e2e-access-key")
                .environment("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
                .workerConfig("TASKPOD__LOGGING__BASE_LOG_FOLDER", workerLogs.toString())
                .workerConfig("TASKPOD__LOGGING__REMOTE_LOGGING", "True")
                .workerConfig("TASKPOD__LOGGING__REMOTE_BASE_LOG_FOLDER", "s3://" + BUCKET + "/" + PREFIX)
                .workerConfig("TASKPOD__LOGGING__REMOTE_LOG_ENDPOINT_URL", s3.endpoint())
                .workerConfig("TASKPOD__LOGGING__REMOTE_LOG_PATH_STYLE_ACCESS", "True")
                .workerConfig("TASKPOD__LOGGING__REMOTE_LOG_UPLOAD_INTERVAL", "1")
                .workerSecret("AWS_ACCESS_KEY_ID", "e2e-access-key")
                .workerSecret("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        cluster = builder.start();
        scheduler = cluster.startScheduler("s1");
        s3Started.join();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void everyTryOfARetriedTaskIsReadBackFromTheStoreWithoutASharedLogVolume() throws Exception {
        cluster.dagFile("remote.yaml", """
                dag_id: remote
                tasks:
                  - task_id: flaky
                    retries: 1
                    retry_delay: 1s
                    bash: |
                      %s
                      echo "try $TASKPOD_TRY_NUMBER of flaky speaking"
                      [ "$TASKPOD_TRY_NUMBER" = 2 ]
                """.formatted(cluster.markers().record()));

        cluster.trigger("remote", RUN_ID);
        cluster.awaitRun("remote", RUN_ID, "success", RUN);

        assertThat(cluster.taskLog("remote", RUN_ID, "flaky", 1)).as("the scheduler's folder has no worker log")
                .doesNotContain("try 1 of flaky speaking");
        for (int tryNumber = 1; tryNumber <= 2; tryNumber++) {
            TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "remote", "flaky", RUN_ID, "--try-number",
                    Integer.toString(tryNumber));
            assertThat(logs.exitCode()).as(logs.stderr()).isZero();
            assertThat(logs.stdout())
                    .startsWith("*** remote copy s3://" + BUCKET + "/" + PREFIX + "/dag_id=remote/run_id=" + RUN_ID
                            + "/task_id=flaky/attempt=" + tryNumber + ".log")
                    .contains("try " + tryNumber + " of flaky speaking", "{worker} final state: "
                            + (tryNumber == 1 ? "up_for_retry" : "success"))
                    .doesNotContain(SECRET_KEY);
        }
        HttpResponse<String> api = apiGet("/api/v1/dags/remote/runs/" + RUN_ID + "/tasks/flaky/logs?try_number=1");
        assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
        assertThat(api.headers().firstValue("X-Taskpod-Log-Source")).contains("remote");
        assertThat(api.body()).startsWith("*** remote copy s3://" + BUCKET + "/")
                .contains("try 1 of flaky speaking", "{worker} final state: up_for_retry");
        assertThat(scheduler.log()).doesNotContain(SECRET_KEY);
        assertThat(cluster.podsSeen()).filteredOn(podsOf("remote", "flaky"))
                .allSatisfy(pod -> assertThat(pod.toString()).doesNotContain(SECRET_KEY));
    }

    @Test
    void aTryWhosePodNeverStartedHasTheExecutorsReasonInTheStore() {
        cluster.kubelet().script(podsOf("unpullable", "pull"), NodeBehaviour.imagePullFailure(Duration.ofSeconds(30)));
        cluster.dagFile("unpullable.yaml", """
                dag_id: unpullable
                tasks:
                  - task_id: pull
                    bash: echo never
                """);

        cluster.trigger("unpullable", RUN_ID);
        cluster.awaitRun("unpullable", RUN_ID, "failed", RUN);

        String key = PREFIX + "/dag_id=unpullable/run_id=" + RUN_ID + "/task_id=pull/attempt=1.log";
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.object(key).isPresent());
        assertThat(s3.object(key).orElseThrow()).contains("{kubernetes}", "ErrImagePull");
        TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "unpullable", "pull", RUN_ID);
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).startsWith("*** remote copy s3://" + BUCKET + "/" + key)
                .contains("{kubernetes}", "ErrImagePull");
    }

    @Test
    void aPodKilledMidRunLeavesItsLogUpToTheLastUpload() throws IOException {
        Path release = cluster.logFolder().resolveSibling("release-doomed");
        cluster.dagFile("doomed.yaml", """
                dag_id: doomed
                tasks:
                  - task_id: crunch
                    bash: |
                      %s
                      echo "halfway through the crunch"
                      while [ ! -e "%s" ]; do sleep 0.2; done
                      kill -9 $PPID
                      sleep 30
                """.formatted(cluster.markers().record(), release));
        String key = PREFIX + "/dag_id=doomed/run_id=" + RUN_ID + "/task_id=crunch/attempt=1.log";

        cluster.trigger("doomed", RUN_ID);
        await().atMost(RUN).until(() -> s3.object(key).filter(text -> text.contains("halfway through")).isPresent());
        Files.createFile(release);
        cluster.awaitRun("doomed", RUN_ID, "failed", RUN);

        TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "doomed", "crunch", RUN_ID);
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).startsWith("*** remote copy").contains("halfway through the crunch")
                .doesNotContain("{worker} final state");
    }

    @Test
    void whileTheStoreIsDownTasksSucceedAndTheirUploadsAreRetriedUntilItIsBack() {
        cluster.dagFile("outage.yaml", """
                dag_id: outage
                tasks:
                  - task_id: steady
                    bash: |
                      %s
                      echo "working through the outage"
                """.formatted(cluster.markers().record()));
        String key = PREFIX + "/dag_id=outage/run_id=" + RUN_ID + "/task_id=steady/attempt=1.log";
        Path localLog = workerLogs.resolve("dag_id=outage/run_id=" + RUN_ID + "/task_id=steady/attempt=1.log");

        s3.stop();
        try {
            cluster.trigger("outage", RUN_ID);
            cluster.awaitRun("outage", RUN_ID, "success", RUN);
            await().atMost(RUN).until(() -> Files.exists(localLog)
                    && Files.readString(localLog).contains("remote log upload failed (attempt 2)"));
        } finally {
            s3.start();
        }

        await().atMost(RUN).until(() -> s3.object(key).isPresent());
        assertThat(s3.object(key).orElseThrow()).contains("working through the outage", "final state: success",
                "remote log upload failed (attempt 1)", "remote log upload failed (attempt 2)");
        assertThat(cluster.database().task("outage", RUN_ID, "steady", -1).state()).isEqualTo("success");
    }

    private HttpResponse<String> apiGet(String path) throws IOException, InterruptedException {
        Matcher listening = Pattern.compile("API server listening on (http://\\S+)").matcher(scheduler.log());
        assertThat(listening.find()).as("the scheduler serves the API").isTrue();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(listening.group(1)).resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
