package io.taskpod.app.scheduler;

import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.QueuedRuns;
import io.taskpod.store.run.RunKey;
import java.util.ArrayList;
import java.util.List;

/** Which queued runs start: per DAG, the oldest ones, while fewer than {@code max_active_runs} are running. */
public final class RunStartSelection {

    private RunStartSelection() {}

    public static List<RunKey> choose(List<QueuedRuns> candidates) {
        List<RunKey> chosen = new ArrayList<>();
        for (QueuedRuns dag : candidates) {
            int room = Math.max(0, dag.maxActiveRuns() - dag.running());
            dag.queued().stream().limit(room).map(DagRunRecord::key).forEach(chosen::add);
        }
        return chosen;
    }
}
