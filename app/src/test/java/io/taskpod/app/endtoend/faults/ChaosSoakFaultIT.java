package io.taskpod.app.endtoend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.faults.ChaosFault;
import io.taskpod.app.testing.faults.ChaosLedger;
import io.taskpod.app.testing.faults.ChaosMonkey;
import io.taskpod.app.testing.faults.FaultCluster;
import io.taskpod.app.testing.faults.FaultDag;
import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.FaultRun;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak: a DAG of at least 50 pod tasks while a seeded random schedule of faults runs through it (every
 * kind of {@link ChaosFault} at least once: scheduler SIGKILLs with restarts under the same and a new id, watch cuts
 * and 410s, API server outages shorter and longer than {@code task_queued_timeout}, a PostgreSQL restart, a
 * third-party pod delete, quota 403s and 429s). At the end every task ran exactly once, in a pod of its try; every
 * pod that ran nothing was deleted; nothing is left queued or running; and the run ended within a bound of the last
 * fault ({@link ChaosLedger}). The seed is printed at the start and in every failure message.
 *
 * <p>In {@code ./mvnw verify} it is one run of one DAG (two to four minutes, as loaded as the machine is). With
 * {@code -Dtaskpod.chaos.minutes=N} (the soak profile sets 20, with four times the tasks and faults) it runs DAG after
 * DAG ({@code chaos_1}, {@code chaos_2}, …) under faults until N minutes have passed, each checked on its own.
 */
class ChaosSoakFaultIT {

    /**
     * Longer than a pod takes to start on a loaded machine (a worker is a JVM; with 30 s, a load average of 40 kept
     * revoking launches whose workers were still starting), short enough for an API server outage longer than it.
     */
    private static final Duration TASK_QUEUED_TIMEOUT = Duration.ofSeconds(60);
    /** How long after the run's end the pods that ran nothing may take to be deleted. */
    private static final Duration CLEANUP_BOUND = Duration.ofMinutes(1);
    /** How long after the last fault the run may take to end. */
    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(3);

    @Test
    void everyTaskRunsExactlyOnceInOnePodThroughASeededStormOfFaults() {
        FaultPlan plan = FaultPlan.of("chaos soak", 50, ChaosFault.values().length);
        Duration soak = Duration.ofMinutes(Long.getLong("taskpod.chaos.minutes", 0));
        try (KubernetesEndToEnd cluster = FaultCluster.builder("ChaosSoakFaultIT")
                .set("core", "parallelism", "6")
                .set("scheduler", "task_queued_timeout", Long.toString(TASK_QUEUED_TIMEOUT.toSeconds()))
                .set("scheduler", "num_stuck_in_queued_retries", "10")
                .kubernetes("task_publish_max_retries", "-1")
                .start()) {
            ChaosMonkey monkey = new ChaosMonkey(cluster, plan, TASK_QUEUED_TIMEOUT);
            Instant soakStarted = Instant.now();
            Set<ChaosFault> scheduled = EnumSet.noneOf(ChaosFault.class);
            int cycle = 0;
            do {
                cycle++;
                FaultDag dag = FaultDag.of("chaos_" + cycle, plan, cluster.markers(), Duration.ofMillis(200),
                        Duration.ofMillis(1000), 1);
                FaultRun run = FaultRun.trigger(cluster, plan, dag, "chaos");
                List<ChaosFault> schedule = ChaosFault.schedule(plan.rounds(), plan);
                scheduled.addAll(schedule);
                for (ChaosFault fault : schedule) {
                    if (!run.progress().awaitSteps(plan.between(2, 8), FaultCluster.RUN_TIMEOUT)
                            || !monkey.inject(fault, run)) {
                        break;
                    }
                }
                ChaosLedger ledger = ChaosLedger.read(cluster, run, Instant.now(), CLEANUP_BOUND);
                ledger.report(plan, monkey.injected());
                ledger.assertInvariants(plan, RECOVERY_BOUND);
            } while (Duration.between(soakStarted, Instant.now()).compareTo(soak) < 0);
            assertThat(monkey.injected().keySet()).as("every kind of fault scheduled was injected (%s)",
                    plan.describe()).containsAll(scheduled);
        }
    }
}
