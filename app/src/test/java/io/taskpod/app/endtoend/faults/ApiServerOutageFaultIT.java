package io.taskpod.app.endtoend.faults;

import io.taskpod.app.testing.faults.FaultPlan;
import io.taskpod.app.testing.faults.OutageScenario;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away for a few seconds at seeded points of a run (connections refused, watches cut) and
 * comes back at the same address with everything it stored: creates are retried, watches reopen, and every try
 * runs exactly once in exactly one pod.
 *
 * <p>{@code task_publish_max_retries} stays small, one retry per outage, so that creates refused during an outage
 * depend on being retried as "API server unreachable", outside that budget (with the default budget, 3 retries
 * 0.5-4 s apart, outages this short could be ridden out by ordinary retries alone; {@code
 * SchedulerApiServerOutageTest} proves the unreachable retry on its own). The budgeted retries are for creates in
 * flight at the moment the server stops: the connection closes without an answer, the server may have created the
 * pod, and that is a retry within the budget. A try has at most one create in flight, so an outage cuts at most one
 * create of each try, however slow the machine makes the creates; one retry for two outages would fail a try whose
 * create happened to be in flight at both.
 */
class ApiServerOutageFaultIT {

    @Test
    void aRunCompletesAcrossApiServerOutagesWithEveryTryRunOnceInOnePod() {
        FaultPlan plan = FaultPlan.of("API server stopped and restarted", 8, 2);
        new OutageScenario("API server down", KubernetesEndToEnd::stopApiServer, KubernetesEndToEnd::startApiServer,
                Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withCluster(cluster -> cluster.set("kubernetes_executor", "task_publish_max_retries",
                        Integer.toString(plan.rounds())))
                .assertRunSurvives(plan, "ApiServerOutageFaultIT", "outages");
    }
}
