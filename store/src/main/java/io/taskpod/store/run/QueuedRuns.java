package io.taskpod.store.run;

import java.util.List;

/**
 * The runs of one DAG waiting to start, oldest logical date first, with what limits starting them.
 *
 * @param running how many runs of the DAG are running now
 */
public record QueuedRuns(String dagId, int maxActiveRuns, int running, List<DagRunRecord> queued) {

    public QueuedRuns {
        queued = List.copyOf(queued);
    }
}
