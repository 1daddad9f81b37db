package io.taskpod.app.testing.faults;

import io.taskpod.app.testing.faults.RunLedger.Expected;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One triggered run of a fault-injection scenario: writes the DAG, triggers it, keeps the log of the faults
 * injected into it, and once it has finished reads its {@link RunLedger} and writes its {@link ReliabilityReport}
 * row.
 */
public final class FaultRun {

    private static final String RUN_ID = "faults";

    private final KubernetesEndToEnd cluster;
    private final FaultPlan plan;
    private final FaultDag dag;
    private final FaultLog faults = new FaultLog();
    private final RunProgress progress;
    private final String runId;
    private final Instant triggeredAt;

    private FaultRun(KubernetesEndToEnd cluster, FaultPlan plan, FaultDag dag, String runId) {
        this.cluster = cluster;
        this.plan = plan;
        this.dag = dag;
        this.runId = runId;
        this.progress = new RunProgress(cluster, dag.dagId(), runId);
        this.triggeredAt = Instant.now();
    }

    /** Writes the DAG and triggers a run of it (a scheduler must have started, so the schema exists). */
    public static FaultRun trigger(KubernetesEndToEnd cluster, FaultPlan plan, FaultDag dag) {
        return trigger(cluster, plan, dag, RUN_ID);
    }

    /** {@link #trigger(KubernetesEndToEnd, FaultPlan, FaultDag)} with this run id. */
    public static FaultRun trigger(KubernetesEndToEnd cluster, FaultPlan plan, FaultDag dag, String runId) {
        cluster.dagFile(dag.dagId() + ".yaml", dag.yaml());
        cluster.trigger(dag.dagId(), runId);
        return new FaultRun(cluster, plan, dag, runId);
    }

    public RunProgress progress() {
        return progress;
    }

    public FaultLog faults() {
        return faults;
    }

    public String dagId() {
        return dag.dagId();
    }

    public String runId() {
        return runId;
    }

    public FaultDag dag() {
        return dag;
    }

    /** When the run was triggered. */
    public Instant triggeredAt() {
        return triggeredAt;
    }

    /** Every task of the DAG expected to succeed in its first try, run once in one pod. */
    public Map<String, Expected> allSucceededOnce() {
        Map<String, Expected> expected = new LinkedHashMap<>();
        dag.taskIds().forEach(taskId -> expected.put(taskId, Expected.succeededOnce()));
        return expected;
    }

    /**
     * Waits until the run is in {@code state}, then reads what happened to each task instance, writes the report
     * row and returns the ledger for the scenario's assertions.
     */
    public RunLedger finish(String state, Map<String, Expected> expected) {
        cluster.awaitRun(dag.dagId(), runId, state, FaultCluster.RUN_TIMEOUT);
        Duration runTime = Duration.between(triggeredAt, Instant.now());
        RunLedger ledger = RunLedger.read(cluster, dag.dagId(), runId, expected);
        System.out.print(ledger.table());
        ReliabilityReport.write(plan, faults, ledger, cluster.ownerChanges().size(), runTime,
                FaultCluster.TASK_QUEUED_TIMEOUT);
        return ledger;
    }
}
