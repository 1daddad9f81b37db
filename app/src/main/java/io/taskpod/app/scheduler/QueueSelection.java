package io.taskpod.app.scheduler;

import io.taskpod.core.executor.SlotPool;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.task.QueueCandidate;
import io.taskpod.store.task.QueueingSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which candidates the critical section queues, in the order given (priority weight first): at most
 * {@code budget} in all (the executors' free slots, capped by {@code max_tis_per_query}); none whose executor is not
 * configured or whose executor's slot pool for the task's queue is full (the LocalKubernetesExecutor has a pool per
 * side, so a full side holds back only its own queues); and per DAG no more than its {@code max_active_tasks}
 * queued or running, counting every scheduler's.
 */
public final class QueueSelection {

    private QueueSelection() {}

    /**
     * @param executorOf the executor that would run a task instance, or empty when none is configured for it
     * @param pools each executor's slot pools before this pass, by executor name
     */
    public static List<TaskInstanceId> choose(QueueingSnapshot snapshot, int budget,
            Function<TaskInstance, Optional<String>> executorOf, Map<String, List<SlotPool>> pools) {
        List<TaskInstanceId> chosen = new ArrayList<>();
        Map<List<String>, Integer> usedByPool = new HashMap<>();
        Map<String, Integer> executingByDag = new HashMap<>(snapshot.executingByDag());
        for (QueueCandidate candidate : snapshot.candidates()) {
            if (chosen.size() >= budget) {
                break;
            }
            TaskInstance ti = candidate.taskInstance();
            Optional<String> executor = executorOf.apply(ti);
            Optional<SlotPool> pool = executor.flatMap(name -> poolFor(pools.getOrDefault(name, List.of()),
                    ti.queue()));
            if (pool.isEmpty()) {
                continue;
            }
            List<String> poolKey = List.of(executor.get(), pool.get().name());
            if (pool.get().free() - usedByPool.getOrDefault(poolKey, 0) <= 0) {
                continue;
            }
            String dagId = ti.key().dagId();
            if (executingByDag.getOrDefault(dagId, 0) >= candidate.dagMaxActiveTasks()) {
                continue;
            }
            chosen.add(ti.id());
            usedByPool.merge(poolKey, 1, Integer::sum);
            executingByDag.merge(dagId, 1, Integer::sum);
        }
        return chosen;
    }

    private static Optional<SlotPool> poolFor(List<SlotPool> pools, String queue) {
        return pools.stream().filter(pool -> pool.queues().contains(queue)).findFirst();
    }
}
