package io.taskpod.app.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A run during which one component of the cluster is stopped and started again, at the same address and with the
 * same data, at seeded points of the run's progress; the run must succeed with every try run once in one pod.
 */
public final class OutageScenario {

    private final String name;
    private final Consumer<KubernetesEndToEnd> stop;
    private final Consumer<KubernetesEndToEnd> start;
    private final Duration shortest;
    private final Duration longest;
    private UnaryOperator<KubernetesEndToEnd.Builder> clusterSettings = UnaryOperator.identity();

    /** {@code name} labels each outage in the fault log; each lasts between {@code shortest} and {@code longest}. */
    public OutageScenario(String name, Consumer<KubernetesEndToEnd> stop, Consumer<KubernetesEndToEnd> start,
            Duration shortest, Duration longest) {
        this.name = name;
        this.stop = stop;
        this.start = start;
        this.shortest = shortest;
        this.longest = longest;
    }

    /** Adjusts the {@link FaultCluster} before it starts, e.g. to set a key the scenario depends on. */
    public OutageScenario withCluster(UnaryOperator<KubernetesEndToEnd.Builder> settings) {
        this.clusterSettings = settings;
        return this;
    }

    /** Runs {@code plan}'s tasks as DAG {@code dagId} in a cluster named {@code clusterName}, injecting the outages. */
    public void assertRunSurvives(FaultPlan plan, String clusterName, String dagId) {
        try (KubernetesEndToEnd cluster = clusterSettings.apply(FaultCluster.builder(clusterName)).start()) {
            FaultDag dag = FaultDag.of(dagId, plan, cluster.markers(), Duration.ofSeconds(1), Duration.ofSeconds(4));
            cluster.startScheduler("s1");
            FaultRun run = FaultRun.trigger(cluster, plan, dag);
            while (run.faults().count() < plan.rounds()
                    && run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)) {
                Instant stoppedAt = Instant.now();
                stop.accept(cluster);
                holdFor(plan.between(shortest, longest));
                start.accept(cluster);
                run.faults().add(name, stoppedAt, Instant.now());
            }

            RunLedger ledger = run.finish("success", run.allSucceededOnce());

            assertThat(run.faults().count()).as("outages injected before the run finished (%s)", plan.describe())
                    .isEqualTo(plan.rounds());
            ledger.assertExact(plan, FaultCluster.TASK_QUEUED_TIMEOUT);
        }
    }

    /** Keeps the component down for the seeded length: the length is the fault's parameter, nothing waits on it. */
    static void holdFor(Duration length) {
        await().pollDelay(length).atMost(length.plusSeconds(5)).until(() -> true);
    }
}
