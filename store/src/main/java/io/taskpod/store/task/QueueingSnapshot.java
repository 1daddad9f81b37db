package io.taskpod.store.task;

import java.util.List;
import java.util.Map;

/**
 * What the critical section saw, under its locks: the candidates in queueing order (priority weight first) and
 * how many task instances of each candidate's DAG are queued or running now, across all schedulers.
 */
public record QueueingSnapshot(List<QueueCandidate> candidates, Map<String, Integer> executingByDag) {

    public QueueingSnapshot {
        candidates = List.copyOf(candidates);
        executingByDag = Map.copyOf(executingByDag);
    }

    public int executing(String dagId) {
        return executingByDag.getOrDefault(dagId, 0);
    }
}
