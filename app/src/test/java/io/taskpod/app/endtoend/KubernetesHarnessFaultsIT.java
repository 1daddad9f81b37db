package io.taskpod.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every fault the end-to-end harness can inject, once each, while four tries run in their pods: watches cut and
 * expired, the API server stopped and started, PostgreSQL restarted, the scheduler killed and started again with
 * the same id. The run still completes with every try run exactly once in exactly one pod. (The fault-injection
 * suite of the next stage repeats these at scale; this test keeps the harness's fault calls honest.)
 */
class KubernetesHarnessFaultsIT {

    private static final List<String> TASKS = IntStream.rangeClosed(1, 4).mapToObj(i -> "t" + i).toList();

    @Test
    void aRunSurvivesEveryInjectedFaultWithEachTryRunOnceInOnePod() throws Exception {
        try (KubernetesEndToEnd cluster = KubernetesEndToEnd.builder("KubernetesHarnessFaultsIT")
                .kubernetes("worker_pods_reconcile_interval", "3")
                .start()) {
            Path release = cluster.logFolder().resolveSibling("release-steady");
            StringBuilder dag = new StringBuilder("dag_id: steady\ntasks:\n");
            TASKS.forEach(task -> dag.append("""
                      - task_id: %s
                        bash: |
                          %s
                          while [ ! -e "%s" ]; do sleep 0.2; done
                    """.formatted(task, cluster.markers().record(), release)));
            cluster.dagFile("steady.yaml", dag.toString());
            SchedulerProcess scheduler = cluster.startScheduler("s1");
            cluster.trigger("steady", "r1");
            await().atMost(Duration.ofSeconds(120)).until(() -> TASKS.stream()
                    .allMatch(task -> !cluster.markers().perTry("steady", task, -1).isEmpty()));

            cluster.cutWatches();
            cluster.expireWatches();
            cluster.stopApiServer();
            cluster.startApiServer();
            cluster.restartPostgres();
            scheduler.kill();
            SchedulerProcess restarted = cluster.startScheduler("s1");
            restarted.awaitLog("task instance(s) this scheduler id owned before it restarted",
                    SchedulerProcess.START_OR_STOP);
            assertThat(restarted.log()).contains("Resuming 4 task instance(s) this scheduler id owned");
            Files.createFile(release);
            cluster.awaitRun("steady", "r1", "success", Duration.ofSeconds(120));

            for (String task : TASKS) {
                assertThat(cluster.markers().perTry("steady", task, -1)).as(task).isEqualTo(Map.of(1, 1L));
                assertThat(cluster.podsPerTry("steady", task)).as(task).isEqualTo(Map.of(1, 1L));
                assertThat(cluster.database().task("steady", "r1", task, -1).state()).isEqualTo("success");
            }
            assertThat(cluster.podCreates()).isEqualTo(TASKS.size());
        }
    }
}
