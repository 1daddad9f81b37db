package io.taskpod.app.endtoend.faults;

import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.OutageScenario;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away for a few seconds at seeded points of a run (connections refused, watches cut) and
 * comes back at the same address with everything it stored: creates are retried, watches reopen, and every try
 * runs exactly once in exactly one pod. {@code task_publish_max_retries} is 1, so a create that cannot connect is
 * saved only by being retried as "API server unreachable", outside that budget: with the default budget (3 retries,
 * 0.5-4 s apart) outages this short would be ridden out by ordinary retries alone. The one retry is for a create in
 * flight at the moment the server stops: its connection closes without an answer, the server may have created the
 * pod, and that is a budgeted retry (0 failed such a try in a loaded build).
 */
class ApiServerOutageFaultIT {

    @Test
    void aRunCompletesAcrossApiServerOutagesWithEveryTryRunOnceInOnePod() {
        new OutageScenario("API server down", KubernetesEndToEnd::stopApiServer, KubernetesEndToEnd::startApiServer,
                Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withCluster(cluster -> cluster.set("kubernetes_executor", "task_publish_max_retries", "1"))
                .assertRunSurvives(FaultPlan.of("API server stopped and restarted", 8, 2), "ApiServerOutageFaultIT", "outages");
    }
}
