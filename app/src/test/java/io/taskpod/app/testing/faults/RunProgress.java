package io.taskpod.app.testing.faults;

import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import java.time.Duration;
import java.util.Set;

/**
 * How far a run has come, in state changes of its task instances (the database's transition log): scenarios land
 * their faults at seeded points of that progress rather than after fixed sleeps, so a fault hits the run wherever it
 * happens to be (a task being queued, its pod being created, the task running or finishing).
 */
public final class RunProgress {

    private final KubernetesEndToEnd cluster;
    private final String dagId;
    private final String runId;

    public RunProgress(KubernetesEndToEnd cluster, String dagId, String runId) {
        this.cluster = cluster;
        this.dagId = dagId;
        this.runId = runId;
    }

    /** State changes of the run's task instances so far. */
    public int steps() {
        return cluster.database().query("SELECT count(*) FROM task_instance_transition WHERE dag_id = ? AND run_id = ?",
                rows -> rows.getInt(1), dagId, runId).getFirst();
    }

    /** True once the run succeeded or failed. */
    public boolean finished() {
        return cluster.database().runState(dagId, runId).filter(Set.of("success", "failed")::contains).isPresent();
    }

    /**
     * Waits until the run has made {@code steps} more state changes than now; returns false (at once) when it finished
     * first, so a fault is only ever injected into an unfinished run.
     */
    public boolean awaitSteps(int steps, Duration atMost) {
        int target = steps() + steps;
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> finished() || steps() >= target);
        return !finished();
    }

    /**
     * Waits until a task instance of the run that {@code schedulerId} owns started running less than {@code within}
     * ago, so a fault injected now finds a try with most of its work ahead; returns false (at once) when the run
     * finished first.
     */
    public boolean awaitJustStarted(String schedulerId, Duration within, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> finished() || justStarted(schedulerId, within) > 0);
        return !finished();
    }

    private int justStarted(String schedulerId, Duration within) {
        return cluster.database().query("SELECT count(*) FROM task_instance WHERE dag_id = ? AND run_id = ?"
                        + " AND state = 'running' AND queued_by = ? AND started_at > now() - make_interval(secs => ?)",
                rows -> rows.getInt(1), dagId, runId, schedulerId, within.toMillis() / 1000.0).getFirst();
    }
}
