package io.taskpod.app.endtoend;

import static io.taskpod.app.testing.kubernetes.KubernetesEndToEnd.podsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.MetadataQueries.TaskRow;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import io.taskpod.testkit.kubernetes.PodRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The KubernetesExecutor end to end: the packaged {@code taskpod scheduler} as a process, the test API server and
 * kubelet running every pod's {@code taskpod tasks run} as the packaged jar, PostgreSQL, the shipped
 * {@code examples/pod_template.yaml} (no database settings: workers report through the api-server's execution API). One cluster and one scheduler serve every test (each with a DAG of its own);
 * each test counts how often every try ran (marker lines) and how many pods it got.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesExecutorEndToEndIT {

    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String RUN_ID = "r1";

    private KubernetesEndToEnd cluster;
    private SchedulerProcess scheduler;

    @BeforeAll
    void startCluster() {
        cluster = KubernetesEndToEnd.builder("KubernetesExecutorEndToEndIT")
                .kubernetes("worker_pods_pending_timeout", "8")
                .kubernetes("worker_pods_reconcile_interval", "4")
                .start();
        scheduler = cluster.startScheduler("s1");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String decodedToken(Secret secret) {
        if (secret.getData() != null && secret.getData().containsKey("token")) {
            return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        }
        return secret.getStringData().get("token");
    }

    private String record() {
        return cluster.markers().record();
    }

    @Test
    void aDagOfDependentTasksRunsEachTryOnceInItsOwnPodWhoseWorkerNeverTouchesTheDatabase() {
        cluster.dagFile("pipeline.yaml", """
                dag_id: pipeline
                tasks:
                  - task_id: extract
                    bash: |
                      %1$s
                      echo "extracted 3 partitions"
                  - task_id: transform
                    depends_on: extract
                    expand: [north, south, east]
                    bash: |
                      %1$s
                      echo "transformed $TASKPOD_MAP_ITEM"
                  - task_id: load
                    depends_on: transform
                    bash: |
                      %1$s
                      echo "loaded into the warehouse"
                """.formatted(record()));

        cluster.trigger("pipeline", RUN_ID);
        cluster.awaitRun("pipeline", RUN_ID, "success", RUN);

        for (String task : List.of("extract", "load")) {
            assertThat(cluster.database().task("pipeline", RUN_ID, task, -1).state()).isEqualTo("success");
            assertThat(cluster.markers().perTry("pipeline", task, -1)).as(task).isEqualTo(Map.of(1, 1L));
            assertThat(cluster.podsPerTry("pipeline", task)).as(task).isEqualTo(Map.of(1, 1L));
        }
        for (int index = 0; index < 3; index++) {
            assertThat(cluster.markers().perTry("pipeline", "transform", index)).isEqualTo(Map.of(1, 1L));
        }
        assertThat(cluster.podsPerTry("pipeline", "transform")).as("3 mapped task instances").isEqualTo(Map.of(1, 3L));
        assertThat(cluster.containersPerTry("pipeline", "transform")).isEqualTo(Map.of(1, 3L));
        List<Pod> pods = cluster.podsSeen().stream().filter(podsOf("pipeline", "extract")
                .or(podsOf("pipeline", "transform")).or(podsOf("pipeline", "load"))).toList();
        List<String> tokens = new ArrayList<>();
        assertThat(pods).hasSize(5).allSatisfy(pod -> {
            assertThat(Serialization.asJson(pod)).doesNotContain(KubernetesEndToEnd.DATABASE_PASSWORD, "TASKPOD__DATABASE",
                    KubernetesEndToEnd.JWT_SECRET);
            Container base = pod.getSpec().getContainers().getFirst();
            assertThat(base.getEnvFrom()).extracting(EnvFromSource::getSecretRef).containsOnlyNulls();
            EnvVar token = base.getEnv().stream().filter(env -> env.getName().equals("TASKPOD_EXECUTION_API_TOKEN"))
                    .findFirst().orElseThrow();
            assertThat(token.getValue()).as("the token is not in the pod spec").isNull();
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(pod.getMetadata().getName());
            Secret secret = cluster.client().secrets().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).get();
            assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner ->
                    assertThat(owner.getUid()).as("deleted with its pod").isEqualTo(pod.getMetadata().getUid()));
            tokens.add(decodedToken(secret));
        });
        assertThat(cluster.workerDatabaseConnections()).as("connections of workers to a database").isZero();
        for (String token : tokens) {
            assertThat(token).isNotBlank();
            assertThat(scheduler.log() + cluster.executionApiLog()).doesNotContain(token);
            assertThat(cluster.taskLog("pipeline", RUN_ID, "load", 1) + cluster.taskLog("pipeline", RUN_ID, "extract", 1))
                    .doesNotContain(token);
        }
        assertThat(scheduler.log()).doesNotContain(KubernetesEndToEnd.DATABASE_PASSWORD, KubernetesEndToEnd.JWT_SECRET);
        TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "pipeline", "load", RUN_ID);
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).contains("loaded into the warehouse");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.livePods()).noneMatch(
                podsOf("pipeline", "extract").or(podsOf("pipeline", "transform")).or(podsOf("pipeline", "load"))));
    }

    @Test
    void anImageThatCannotBePulledFailsTheTaskAtOnceWithTheReasonInItsLog() {
        cluster.kubelet().script(podsOf("unpullable", "pull"), NodeBehaviour.imagePullFailure(Duration.ofSeconds(30)));
        cluster.dagFile("unpullable.yaml", """
                dag_id: unpullable
                tasks:
                  - task_id: pull
                    bash: |
                      %s
                  - task_id: after
                    depends_on: pull
                    bash: echo never
                """.formatted(record()));

        cluster.trigger("unpullable", RUN_ID);
        cluster.awaitTask("unpullable", RUN_ID, "pull", "failed", Duration.ofSeconds(60));
        cluster.awaitRun("unpullable", RUN_ID, "failed", Duration.ofSeconds(30));

        TaskRow pull = cluster.database().task("unpullable", RUN_ID, "pull", -1);
        assertThat(pull.state()).isEqualTo("failed");
        assertThat(pull.tryNumber()).isEqualTo(1);
        assertThat(pull.failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("cannot start: container base waiting: ErrImagePull").doesNotContain("pending timeout"));
        assertThat(cluster.database().task("unpullable", RUN_ID, "after", -1).state()).isEqualTo("upstream_failed");
        assertThat(cluster.markers().perTry("unpullable", "pull", -1)).isEmpty();
        assertThat(cluster.podsPerTry("unpullable", "pull")).isEqualTo(Map.of(1, 1L));
        assertThat(cluster.containersPerTry("unpullable", "pull")).isEmpty();
        TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "unpullable", "pull", RUN_ID);
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).contains("{kubernetes}", "ErrImagePull", "failed to pull and unpack image");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.livePods()).as("a pod that must never start late is deleted")
                        .noneMatch(podsOf("unpullable", "pull")));
    }

    @Test
    void anOomKilledTryFailsAndTheRetryRunsInANewPod() {
        cluster.kubelet().script(podsOf("hungry", "crunch"), new NodeBehaviour.OomKilled(Duration.ofMinutes(5)), 1);
        cluster.dagFile("hungry.yaml", """
                dag_id: hungry
                tasks:
                  - task_id: crunch
                    retries: 1
                    retry_delay: 1s
                    bash: |
                      %s
                      # On the node scripted to OOM-kill it, the first try ends its container's main process the
                      # way the kernel's OOM killer does: SIGKILL to the worker, which records nothing.
                      if [ "$TASKPOD_TRY_NUMBER" = 1 ]; then kill -9 $PPID; exit 137; fi
                      echo "fits in memory now"
                """.formatted(record()));

        cluster.trigger("hungry", RUN_ID);
        cluster.awaitRun("hungry", RUN_ID, "success", RUN);

        TaskRow crunch = cluster.database().task("hungry", RUN_ID, "crunch", -1);
        assertThat(crunch.state()).isEqualTo("success");
        assertThat(crunch.tryNumber()).isEqualTo(2);
        assertThat(cluster.markers().perTry("hungry", "crunch", -1)).isEqualTo(Map.of(1, 1L, 2, 1L));
        assertThat(cluster.podsPerTry("hungry", "crunch")).isEqualTo(Map.of(1, 1L, 2, 1L));
        assertThat(cluster.podRecords("hungry", "crunch").getFirst().exitCode()).contains(137);
        assertThat(cluster.taskLog("hungry", RUN_ID, "crunch", 1)).contains("{kubernetes}", "OOMKilled", "137");
        assertThat(cluster.database().transitions("hungry", RUN_ID, "crunch", -1))
                .filteredOn(transition -> transition.tryNumber() == 1 && transition.toState().equals("up_for_retry"))
                .singleElement().satisfies(transition -> assertThat(transition.reason()).contains("OOMKilled"));
    }

    @Test
    void aRunningPodDeletedBySomeoneElseFailsItsTryAndTheRetryRuns() {
        cluster.dagFile("victim.yaml", """
                dag_id: victim
                tasks:
                  - task_id: long_job
                    retries: 1
                    retry_delay: 1s
                    bash: |
                      %s
                      if [ "$TASKPOD_TRY_NUMBER" = 1 ]; then while true; do sleep 0.2; done; fi
                      echo "second try done"
                """.formatted(record()));
        cluster.trigger("victim", RUN_ID);
        await().atMost(RUN).until(() -> !cluster.markers().perTry("victim", "long_job", -1).isEmpty());

        PodRecord first = cluster.podRecords("victim", "long_job").getFirst();
        cluster.deletePod(first.namespace(), first.name());
        cluster.awaitRun("victim", RUN_ID, "success", RUN);

        TaskRow job = cluster.database().task("victim", RUN_ID, "long_job", -1);
        assertThat(job.tryNumber()).isEqualTo(2);
        assertThat(cluster.markers().perTry("victim", "long_job", -1)).isEqualTo(Map.of(1, 1L, 2, 1L));
        assertThat(cluster.podsPerTry("victim", "long_job")).isEqualTo(Map.of(1, 1L, 2, 1L));
        assertThat(cluster.database().transitions("victim", RUN_ID, "long_job", -1))
                .filteredOn(transition -> transition.tryNumber() == 1)
                .extracting(transition -> transition.toState())
                .containsOnlyOnce("up_for_retry").doesNotContain("success", "failed");
    }

    @Test
    void aPodThatStaysPendingFailsItsTaskAtThePendingTimeout() {
        cluster.kubelet().script(podsOf("unschedulable", "wait"), NodeBehaviour.unschedulable());
        cluster.dagFile("unschedulable.yaml", """
                dag_id: unschedulable
                tasks:
                  - task_id: wait
                    bash: |
                      %s
                """.formatted(record()));

        cluster.trigger("unschedulable", RUN_ID);
        cluster.awaitTask("unschedulable", RUN_ID, "wait", "failed", Duration.ofSeconds(90));
        cluster.awaitRun("unschedulable", RUN_ID, "failed", Duration.ofSeconds(30));

        TaskRow wait = cluster.database().task("unschedulable", RUN_ID, "wait", -1);
        assertThat(wait.failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("was Pending longer than the pending timeout (8 s)", "Insufficient memory"));
        assertThat(cluster.markers().perTry("unschedulable", "wait", -1)).isEmpty();
        assertThat(cluster.podsPerTry("unschedulable", "wait")).isEqualTo(Map.of(1, 1L));
        assertThat(cluster.containersPerTry("unschedulable", "wait")).isEmpty();
        assertThat(cluster.taskLog("unschedulable", RUN_ID, "wait", 1)).contains("{kubernetes}", "pending timeout");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.livePods()).noneMatch(podsOf("unschedulable", "wait")));
    }

    @Test
    void tasksLogsReadsARunningPodsLogThroughTheApiWhileItsLogFileDoesNotExist() throws Exception {
        Path release = cluster.logFolder().resolveSibling("release-chatty");
        cluster.dagFile("chatty.yaml", "dag_id: chatty\ntasks:\n" + cluster.taskLoggingOnlyInItsPod("talk", release));
        cluster.trigger("chatty", RUN_ID);
        await().atMost(RUN).until(() -> !cluster.markers().perTry("chatty", "talk", -1).isEmpty());
        PodRecord pod = cluster.podRecords("chatty", "talk").getFirst();

        TaskpodProcess.Result running = cluster.taskpod("tasks", "logs", "chatty", "talk", RUN_ID);
        Files.createFile(release);
        cluster.awaitRun("chatty", RUN_ID, "success", RUN);

        assertThat(running.exitCode()).as(running.stderr()).isZero();
        assertThat(running.stdout())
                .contains("does not exist yet; the last 100 lines of pod " + pod.namespace() + "/" + pod.name()
                        + " (container base), read through the Kubernetes API")
                .contains("hello from a running pod");
        assertThat(cluster.database().task("chatty", RUN_ID, "talk", -1).externalExecutorId())
                .contains(pod.namespace() + "/" + pod.name());
    }

    @Test
    void aBadKubernetesExecutorValueStopsTheSchedulerAtStartWithAConfigurationError() {
        Map<String, String> environment = new HashMap<>(cluster.environment());
        environment.put("TASKPOD__KUBERNETES_EXECUTOR__NAMESPACE", "Team_A");
        environment.put("TASKPOD__SCHEDULER__INSTANCE_ID", "misconfigured");

        TaskpodProcess.Result result = run(environment, "scheduler");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr()).contains("[kubernetes_executor] namespace = Team_A: expected");
        assertThat(cluster.database().query("SELECT id FROM scheduler WHERE id = 'misconfigured'",
                rows -> rows.getString(1))).as("it stopped before registering").isEmpty();
    }

    private static TaskpodProcess.Result run(Map<String, String> environment, String... args) {
        try {
            return TaskpodProcess.run(environment, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
