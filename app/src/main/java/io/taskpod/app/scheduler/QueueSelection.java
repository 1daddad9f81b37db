package io.taskpod.app.scheduler;

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
 * {@code budget} in all ({@code [core] parallelism} minus what this scheduler's executors hold, capped by
 * {@code max_tis_per_query}); none whose executor is not configured or has no free slot, in all or for the task's
 * queue (a routing executor such as the LocalKubernetesExecutor has slots per queue); and per DAG no more than its
 * {@code max_active_tasks} queued or running, counting every scheduler's.
 */
public final class QueueSelection {

    /** Free executor slots as the executors report them before this pass. */
    public interface Slots {
        int free(String executor);

        int free(String executor, String queue);
    }

    private QueueSelection() {}

    /** @param executorOf the executor that would run a task instance, or empty when none is configured for it */
    public static List<TaskInstanceId> choose(QueueingSnapshot snapshot, int budget,
            Function<TaskInstance, Optional<String>> executorOf, Slots slots) {
        List<TaskInstanceId> chosen = new ArrayList<>();
        Map<String, Integer> usedByExecutor = new HashMap<>();
        Map<List<String>, Integer> usedByQueue = new HashMap<>();
        Map<String, Integer> executingByDag = new HashMap<>(snapshot.executingByDag());
        for (QueueCandidate candidate : snapshot.candidates()) {
            if (chosen.size() >= budget) {
                break;
            }
            TaskInstance ti = candidate.taskInstance();
            Optional<String> executor = executorOf.apply(ti);
            if (executor.isEmpty()) {
                continue;
            }
            List<String> queue = List.of(executor.get(), ti.queue());
            if (slots.free(executor.get()) - usedByExecutor.getOrDefault(executor.get(), 0) <= 0
                    || slots.free(executor.get(), ti.queue()) - usedByQueue.getOrDefault(queue, 0) <= 0) {
                continue;
            }
            String dagId = ti.key().dagId();
            if (executingByDag.getOrDefault(dagId, 0) >= candidate.dagMaxActiveTasks()) {
                continue;
            }
            chosen.add(ti.id());
            usedByExecutor.merge(executor.get(), 1, Integer::sum);
            usedByQueue.merge(queue, 1, Integer::sum);
            executingByDag.merge(dagId, 1, Integer::sum);
        }
        return chosen;
    }
}
