package io.taskpod.app.endtoend.faults;

import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.OutageScenario;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for a moment at seeded points of a run and starts again with the same data: every connection
 * of the scheduler and of the workers breaks, they reconnect, and every try runs exactly once in exactly one pod.
 */
class PostgresRestartFaultIT {

    @Test
    void aRunCompletesAcrossDatabaseRestartsWithEveryTryRunOnceInOnePod() {
        new OutageScenario("PostgreSQL down", KubernetesEndToEnd::stopPostgres, KubernetesEndToEnd::startPostgres,
                Duration.ofMillis(500), Duration.ofSeconds(3))
                .assertRunSurvives(FaultPlan.of("PostgreSQL restarted", 8, 2), "PostgresRestartFaultIT", "restarts");
    }
}
