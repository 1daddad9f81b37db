package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.SlotPool;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.task.QueueingRepository;
import io.taskpod.store.task.QueueingResult;
import io.taskpod.store.task.TaskInstanceStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues scheduled task instances through the critical section and, once that transaction has committed, hands
 * each one to its executor as an {@link ExecuteTask} workload.
 */
final class TaskQueuer {

    private static final Logger log = LoggerFactory.getLogger(TaskQueuer.class);

    private final QueueingRepository queueing;
    private final RunStates states;
    private final ExecutorRouter router;
    private final SchedulerSettings settings;
    private final RunScope scope;
    private final Clock clock;
    private final SchedulerMetrics metrics;

    TaskQueuer(QueueingRepository queueing, RunStates states, ExecutorRouter router, SchedulerSettings settings,
            RunScope scope, Clock clock, SchedulerMetrics metrics) {
        this.queueing = queueing;
        this.states = states;
        this.router = router;
        this.settings = settings;
        this.scope = scope;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many task instances it queued; does nothing while no followed run has a scheduled one. */
    int queue(DagBag bag) {
        if (!states.anyScheduled()) {
            return 0;
        }
        Map<String, List<SlotPool>> pools = router.slotPools();
        int budget = settings.queueBudget(SlotPool.totalFree(pools.values().stream().flatMap(List::stream).toList()));
        if (budget <= 0 || bag.dags().isEmpty()) {
            return 0;
        }
        QueueingResult result = queueing.queueScheduled(scope, bag.dags().keySet(), settings.candidateLimit(),
                router.candidateFilter(pools), settings.schedulerId(), clock.instant(),
                snapshot -> QueueSelection.choose(snapshot, budget, router::executorNameFor, pools));
        return switch (result) {
            case QueueingResult.Busy busy -> {
                log.debug("Another scheduler is in the critical section; queueing next loop");
                yield 0;
            }
            case QueueingResult.Queued queued -> {
                queued.queued().forEach(ti -> states.apply(new TaskInstanceStatus(ti.key(), TaskState.QUEUED, Optional.empty())));
                queued.queued().forEach(ti -> handOver(bag, ti));
                yield queued.queued().size();
            }
        };
    }

    private void handOver(DagBag bag, TaskInstance ti) {
        Optional<TaskDefinition> task = bag.dag(ti.key().dagId()).flatMap(dag -> dag.task(ti.key().taskId()));
        ExecuteTask workload = new ExecuteTask(ti.key(), ti.queue(), ti.priorityWeight(), ti.executor(),
                task.map(TaskDefinition::executorConfig).orElse(Map.of()), ti.launchAttempt(),
                WorkerCommand.forTask(ti.key()), task);
        Executor executor = router.executorFor(ti).orElseThrow(
                () -> new IllegalStateException("queued " + ti.key() + " without an executor for it"));
        executor.queueWorkload(workload);
        metrics.tasksQueued.increment();
        log.debug("Queued {} on {} (launch attempt {})", ti.key(), executor.name(), ti.launchAttempt());
    }
}
