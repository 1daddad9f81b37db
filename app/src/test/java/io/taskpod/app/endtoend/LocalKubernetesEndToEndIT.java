package io.taskpod.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.TaskpodProcess.Result;
import io.taskpod.testkit.kubernetes.PodRecord;
import io.taskpod.testkit.kubernetes.TestKubelet;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [core] executor = LocalKubernetesExecutor} as a user runs it: the packaged scheduler as its own process,
 * local tasks as local worker processes, Kubernetes tasks as pods on the test API server that the test kubelet runs
 * (each pod's {@code taskpod tasks run} as a process of the same jar), all on one database and one log folder.
 */
class LocalKubernetesEndToEndIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final TestDatabase database = TestPostgres.newDatabase();
    private TestKubernetesApiServer server;
    private TestKubelet kubelet;

    @BeforeEach
    void cluster() {
        server = TestKubernetesApiServer.startNew();
        kubelet = TestKubelet.builder(server).workDir(home.resolve("node"))
                .taskpodCommand(TaskpodProcess.command()).start();
    }

    @AfterEach
    void stopCluster() {
        kubelet.close();
        server.close();
    }

    private Map<String, String> environment(String schedulerId) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__CORE__EXECUTOR", "LocalKubernetesExecutor");
        environment.put("TASKPOD__LOCAL_KUBERNETES_EXECUTOR__KUBERNETES_QUEUE", "kubernetes,gpu-queue");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        environment.put("TASKPOD__SCHEDULER__INSTANCE_ID", schedulerId);
        environment.put("TASKPOD__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME", "0.2");
        environment.put("TASKPOD__KUBERNETES_EXECUTOR__IN_CLUSTER", "False");
        environment.put("TASKPOD__KUBERNETES_EXECUTOR__CONFIG_FILE",
                server.writeKubeconfig(home.resolve("kubeconfig")).toString());
        environment.put("TASKPOD__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE", podTemplate().toString());
        return environment;
    }

    /** The worker pod: the taskpod image, and the same home (dags, logs) and database as the scheduler. */
    private Path podTemplate() throws Exception {
        return Files.writeString(home.resolve("pod-template.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: worker
                spec:
                  containers:
                    - name: base
                      image: taskpod/worker:test
                      command: [taskpod]
                      env:
                        - {name: TASKPOD_HOME, value: '%s'}
                        - {name: TASKPOD__CORE__LOAD_EXAMPLES, value: 'false'}
                        - {name: TASKPOD__DATABASE__URL, value: '%s'}
                        - {name: TASKPOD__DATABASE__USER, value: '%s'}
                """.formatted(home, database.url(), database.user()));
    }

    private void dagFile(String name, String yaml) throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve(name), yaml);
    }

    private Map<String, String> column(String column, String runId) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT task_id, " + column + " FROM task_instance WHERE run_id = '"
                        + runId + "' ORDER BY task_id")) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        return values;
    }

    /**
     * extract (local) → train (gpu-queue, with a pod_override) → publish (kubernetes) → report (local): each task
     * runs on its side, once, in order, and {@code tasks logs} prints the log of a pod's task like a local one's.
     */
    @Test
    void localAndKubernetesTasksThatDependOnEachOtherRunOnTheirSidesAndSucceed() throws Exception {
        Path trail = home.resolve("trail");
        String record = "echo \"$TASKPOD_TASK_ID ${TASKPOD_IS_K8S_EXECUTOR_POD:-local} ${GPU_FLAVOR:-none}\" >> " + trail;
        dagFile("hybrid.yaml", """
                dag_id: hybrid
                tasks:
                  - task_id: extract
                    bash: '%1$s; echo "extracted locally"'
                  - task_id: train
                    depends_on: extract
                    queue: gpu-queue
                    executor_config:
                      pod_override:
                        metadata:
                          labels: {team: ml}
                        spec:
                          containers:
                            - name: base
                              env:
                                - {name: GPU_FLAVOR, value: a100}
                    bash: '%1$s; echo "trained in a pod"'
                  - task_id: publish
                    depends_on: train
                    queue: kubernetes
                    bash: '%1$s'
                  - task_id: report
                    depends_on: publish
                    bash: '%1$s'
                """.formatted(record));
        try (BackgroundTaskpod scheduler = BackgroundTaskpod.start(environment("s1"), "scheduler")) {
            scheduler.awaitLog("Scheduler s1 started", START);

            Result run = TaskpodProcess.run(environment("cli"), "dags", "trigger", "hybrid", "--run-id", "r1", "--wait");
            Result localLog = TaskpodProcess.run(environment("cli"), "tasks", "logs", "hybrid", "extract", "r1");
            Result podLog = TaskpodProcess.run(environment("cli"), "tasks", "logs", "hybrid", "train", "r1");

            assertThat(run.exitCode()).as(run.stdout() + run.stderr() + scheduler.stderr()).isZero();
            assertThat(run.stdout()).contains("Run r1 of DAG hybrid finished: success");
            assertThat(Files.readAllLines(trail)).containsExactly("extract local none", "train True a100",
                    "publish True none", "report local none");
            assertThat(kubelet.pods()).extracting(pod -> pod.identity("task_id") + "#" + pod.processLaunched())
                    .containsExactly("train#true", "publish#true");
            assertThat(kubelet.pods()).extracting(PodRecord::phase).containsOnly("Succeeded");
            Map<String, String> where = column("external_executor_id", "r1");
            assertThat(where.get("extract")).startsWith("local:");
            assertThat(where.get("report")).startsWith("local:");
            assertThat(where.get("train")).startsWith("default/hybrid-train-");
            assertThat(where.get("publish")).startsWith("default/hybrid-publish-");
            assertThat(column("try_number", "r1")).containsOnlyKeys("extract", "train", "publish", "report")
                    .allSatisfy((task, tryNumber) -> assertThat(tryNumber).isEqualTo("1"));

            assertThat(localLog.exitCode()).as(localLog.stderr()).isZero();
            assertThat(localLog.stdout()).contains("extracted locally");
            assertThat(podLog.exitCode()).as(podLog.stderr()).isZero();
            assertThat(podLog.stdout()).contains("trained in a pod");
            assertThat(home.resolve("logs/dag_id=hybrid/run_id=r1/task_id=train/attempt=1.log")).exists();
            assertThat(home.resolve("logs/dag_id=hybrid/run_id=r1/task_id=extract/attempt=1.log")).exists();

            scheduler.terminate(STOP);
            assertThat(scheduler.stderr()).contains("Scheduler s1 stopped").doesNotContain("ERROR");
        }
        assertThat(kubelet.processesLaunched()).isEqualTo(2);
    }
}
