package io.taskpod.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
                .taskpodCommand(TaskpodProcess.command()).environment(TaskpodProcess.environment()).start();
    }

    @AfterEach
    void stopCluster() {
        kubelet.close();
        server.close();
    }

    private Map<String, String> environment(String schedulerId) throws Exception {
        return environment(schedulerId, "LocalKubernetesExecutor");
    }

    private Map<String, String> environment(String schedulerId, String executors) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__CORE__EXECUTOR", executors);
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

    private String runState(String runId) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT state FROM dag_run WHERE run_id = '" + runId + "'")) {
            return rs.next() ? rs.getString(1) : "none";
        }
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

    /**
     * {@code [core] executor = LocalExecutor,KubernetesExecutor}: a task naming the KubernetesExecutor runs as a pod
     * whose own configuration lists only the LocalExecutor (the worker does not check executor names); the others
     * run on the default, the LocalExecutor, whatever their queue.
     */
    @Test
    void withAListOfExecutorsEachTaskRunsOnTheOneItNames() throws Exception {
        Path trail = home.resolve("trail");
        String record = "echo \"$TASKPOD_TASK_ID ${TASKPOD_IS_K8S_EXECUTOR_POD:-local}\" >> " + trail;
        dagFile("chosen.yaml", """
                dag_id: chosen
                tasks:
                  - task_id: first
                    queue: kubernetes
                    bash: '%1$s'
                  - task_id: in_a_pod
                    depends_on: first
                    executor: KubernetesExecutor
                    bash: '%1$s'
                  - task_id: last
                    depends_on: in_a_pod
                    executor: LocalExecutor
                    bash: '%1$s'
                """.formatted(record));
        Map<String, String> environment = environment("s1", "LocalExecutor,KubernetesExecutor");
        try (BackgroundTaskpod scheduler = BackgroundTaskpod.start(environment, "scheduler")) {
            scheduler.awaitLog("Scheduler s1 started", START);

            Result run = TaskpodProcess.run(environment, "dags", "trigger", "chosen", "--run-id", "r1", "--wait");

            assertThat(run.exitCode()).as(run.stdout() + run.stderr() + scheduler.stderr()).isZero();
            assertThat(Files.readAllLines(trail)).containsExactly("first local", "in_a_pod True", "last local");
            assertThat(kubelet.pods()).extracting(pod -> pod.identity("task_id")).containsExactly("in_a_pod");
            scheduler.terminate(STOP);
        }
    }

    /**
     * The scheduler is killed while a pod task and a local task run; a new process with the same id adopts the pod
     * on the Kubernetes side, while the local task died with the scheduler (its watchdog stopped it) and is retried by
     * the zombie check once the first try is gone: the pod runs once, the local task never twice at the same time,
     * and the run succeeds.
     */
    @Test
    void afterTheSchedulerIsKilledThePodIsAdoptedAndTheLocalTaskIsRetriedAfterItDiedWithIt() throws Exception {
        Path trail = home.resolve("trail");
        Path release = home.resolve("release");
        String waitForRelease = "echo \"$TASKPOD_TASK_ID ${TASKPOD_IS_K8S_EXECUTOR_POD:-local} $TASKPOD_TRY_NUMBER\" >> "
                + trail + "; echo $$ > " + home.resolve("pid-") + "$TASKPOD_TASK_ID-$TASKPOD_TRY_NUMBER; touch "
                + home.resolve("started-") + "$TASKPOD_TASK_ID; while [ ! -e " + release + " ]; do sleep 0.1; done";
        dagFile("restart.yaml", """
                dag_id: restart
                tasks:
                  - task_id: pod_task
                    queue: kubernetes
                    bash: '%1$s'
                  - task_id: local_task
                    retries: 1
                    retry_delay: 0s
                    bash: '%1$s'
                  - task_id: after
                    depends_on: [pod_task, local_task]
                    bash: 'echo "$TASKPOD_TASK_ID local" >> %2$s'
                """.formatted(waitForRelease, trail));
        Map<String, String> environment = environment("s1");
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_SEC", "0.5");
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT", "5");
        try {
            long firstLocalTry;
            try (BackgroundTaskpod first = BackgroundTaskpod.start(environment, "scheduler")) {
                first.awaitLog("Scheduler s1 started", START);
                Result trigger = TaskpodProcess.run(environment("cli"), "dags", "trigger", "restart", "--run-id", "r1");
                assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
                await().atMost(START).until(() -> Files.exists(home.resolve("started-pod_task"))
                        && Files.exists(home.resolve("started-local_task")));
                firstLocalTry = Long.parseLong(Files.readString(home.resolve("pid-local_task-1")).strip());
                first.kill(STOP);
            }
            await().atMost(START).until(() -> ProcessHandle.of(firstLocalTry).map(p -> !p.isAlive()).orElse(true));
            try (BackgroundTaskpod second = BackgroundTaskpod.start(environment, "scheduler")) {
                second.awaitLog("Scheduler s1 started", START);
                second.awaitLog("Adoption from scheduler s1: 1 of 1 task instance(s) adopted", START);
                assertThat(second.stderr()).contains("restart.pod_task run=r1 try=1: adopted pod default/restart-pod-task-")
                        .doesNotContain("restart.local_task run=r1 try=1: adopted pod");
                Files.createFile(release);

                await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> runState("r1").equals("success"));
                assertThat(Files.readAllLines(trail)).containsExactlyInAnyOrder("pod_task True 1", "local_task local 1",
                        "local_task local 2", "after local");
                assertThat(kubelet.processesLaunched()).isEqualTo(1);
                assertThat(column("launch_attempt", "r1")).containsEntry("pod_task", "1");
                assertThat(column("try_number", "r1")).containsEntry("pod_task", "1").containsEntry("local_task", "2");
                assertThat(home.resolve("logs/dag_id=restart/run_id=r1/task_id=local_task/attempt=1.log"))
                        .content().contains("zombie").doesNotContain("final state");
                second.terminate(STOP);
            }
        } finally {
            if (!Files.exists(release)) {
                Files.createFile(release);
            }
        }
    }
}
