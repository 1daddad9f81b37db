package io.taskpod.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import io.taskpod.testkit.kubernetes.PodRecord;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Multi-namespace mode with a namespace list: tasks choose their namespace with {@code pod_override}, one watch per
 * listed namespace reports their pods, and each watch's resourceVersion is saved for the next start.
 */
class KubernetesMultiNamespaceEndToEndIT {

    @Test
    void podsLandInTheNamespacesTheirTasksChooseAndBothNamespacesAreWatched() {
        try (KubernetesEndToEnd cluster = KubernetesEndToEnd.builder("KubernetesMultiNamespaceEndToEndIT")
                .namespaces("team-a", "team-b")
                .kubernetes("multi_namespace_mode", "True")
                .kubernetes("multi_namespace_mode_namespace_list", "team-a, team-b")
                // outcomes must come through the watches: no periodic list within the test's time
                .kubernetes("worker_pods_reconcile_interval", "600")
                .start()) {
            SchedulerProcess scheduler = cluster.startScheduler("s1");
            String record = cluster.markers().record();
            cluster.dagFile("two_teams.yaml", """
                    dag_id: two_teams
                    tasks:
                      - task_id: for_team_a
                        executor_config:
                          pod_override:
                            metadata: {namespace: team-a}
                        bash: |
                          %1$s
                      - task_id: for_team_b
                        depends_on: for_team_a
                        executor_config:
                          pod_override:
                            metadata: {namespace: team-b}
                        bash: |
                          %1$s
                    """.formatted(record));

            cluster.trigger("two_teams", "r1");
            cluster.awaitRun("two_teams", "r1", "success", Duration.ofSeconds(120));
            scheduler.terminate();

            assertThat(cluster.podRecords("two_teams", "for_team_a")).singleElement()
                    .extracting(PodRecord::namespace).isEqualTo("team-a");
            assertThat(cluster.podRecords("two_teams", "for_team_b")).singleElement()
                    .extracting(PodRecord::namespace).isEqualTo("team-b");
            assertThat(cluster.markers().perTry("two_teams", "for_team_a", -1)).isEqualTo(Map.of(1, 1L));
            assertThat(cluster.markers().perTry("two_teams", "for_team_b", -1)).isEqualTo(Map.of(1, 1L));
            assertThat(cluster.podCreates()).isEqualTo(2);
            assertThat(scheduler.log()).contains("Scheduler s1 stopped");
            assertThat(cluster.database().resourceVersions("s1")).containsOnlyKeys("team-a", "team-b");
        }
    }
}
