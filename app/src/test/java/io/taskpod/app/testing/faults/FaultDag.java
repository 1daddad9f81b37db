package io.taskpod.app.testing.faults;

import io.taskpod.app.testing.kubernetes.ExecutionMarkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DAG of independent tasks for fault injection: each task records its execution ({@link ExecutionMarkers}) and
 * then takes a seeded while (so faults land while tasks are queued, starting, running and finishing), with the
 * retries the scenario asks for. Tasks are named {@code t01}, {@code t02}, …
 */
public final class FaultDag {

    private final String dagId;
    private final List<String> taskIds = new ArrayList<>();
    private final StringBuilder yaml;

    private FaultDag(String dagId) {
        this.dagId = dagId;
        this.yaml = new StringBuilder("dag_id: " + dagId + "\nmax_active_tasks: 1000\ntasks:\n");
    }

    /** {@code plan.tasks()} tasks of {@code minDuration} to {@code maxDuration} each, without retries. */
    public static FaultDag of(String dagId, FaultPlan plan, ExecutionMarkers markers, Duration minDuration,
            Duration maxDuration) {
        return of(dagId, plan, markers, minDuration, maxDuration, 0);
    }

    /** {@code plan.tasks()} tasks of {@code minDuration} to {@code maxDuration} each, with {@code retries} each. */
    public static FaultDag of(String dagId, FaultPlan plan, ExecutionMarkers markers, Duration minDuration,
            Duration maxDuration, int retries) {
        FaultDag dag = new FaultDag(dagId);
        for (int i = 1; i <= plan.tasks(); i++) {
            Duration took = plan.between(minDuration, maxDuration);
            dag.task(String.format(Locale.ROOT, "t%02d", i), retries, markers.record() + "\nsleep "
                    + String.format(Locale.ROOT, "%.2f", took.toMillis() / 1000.0));
        }
        return dag;
    }

    /** Adds a bash task with {@code retries} retries one second apart. */
    public FaultDag task(String taskId, int retries, String bash) {
        taskIds.add(taskId);
        yaml.append("  - task_id: ").append(taskId).append('\n')
                .append("    retries: ").append(retries).append('\n')
                .append("    retry_delay: 1s\n")
                .append("    bash: |\n");
        bash.lines().forEach(line -> yaml.append("      ").append(line).append('\n'));
        return this;
    }

    public String dagId() {
        return dagId;
    }

    public List<String> taskIds() {
        return List.copyOf(taskIds);
    }

    public String yaml() {
        return yaml.toString();
    }
}
