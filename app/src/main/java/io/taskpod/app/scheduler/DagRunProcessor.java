package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.task.DependencyTransition;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves DAG runs forward: starts queued runs within {@code max_active_runs}, schedules retries whose delay has
 * passed, resolves dependencies of waiting task instances, and finishes runs whose task instances are all done.
 */
final class DagRunProcessor {

    private static final Logger log = LoggerFactory.getLogger(DagRunProcessor.class);

    private final DagRunRepository runs;
    private final TaskInstanceRepository taskInstances;
    private final RunScope scope;
    private final String schedulerId;
    private final Clock clock;
    private final SchedulerMetrics metrics;
    private final Set<String> reportedMissingDags = new HashSet<>();

    DagRunProcessor(DagRunRepository runs, TaskInstanceRepository taskInstances, RunScope scope, String schedulerId,
            Clock clock, SchedulerMetrics metrics) {
        this.runs = runs;
        this.taskInstances = taskInstances;
        this.scope = scope;
        this.schedulerId = schedulerId;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many changes it made (runs started or finished, task instances moved). */
    int process(DagBag bag) {
        Instant now = clock.instant();
        int changes = runs.startQueuedRuns(scope, now, RunStartSelection::choose).size();
        changes += taskInstances.scheduleDueRetries(scope, now, schedulerId).size();
        List<DagRunRecord> running = runs.listRunning(scope);
        Map<RunKey, List<TaskInstance>> byRun = taskInstances.listByRuns(running.stream().map(DagRunRecord::key).toList())
                .stream().collect(Collectors.groupingBy(ti -> new RunKey(ti.key().dagId(), ti.key().runId()),
                        LinkedHashMap::new, Collectors.toList()));
        for (DagRunRecord run : running) {
            Optional<Dag> dag = bag.dag(run.dagId());
            if (dag.isEmpty()) {
                if (reportedMissingDags.add(run.dagId())) {
                    log.warn("Run {} waits: DAG {} is not loaded (see the DAG load errors)", run.key(), run.dagId());
                }
                continue;
            }
            changes += advance(dag.get(), run, byRun.getOrDefault(run.key(), List.of()), now);
        }
        return changes;
    }

    private int advance(Dag dag, DagRunRecord run, List<TaskInstance> tis, Instant now) {
        List<DependencyTransition> wanted = DependencyResolver.resolve(dag, tis);
        List<DependencyTransition> applied = taskInstances.applyDependencyTransitions(wanted, schedulerId, now);
        if (applied.size() < wanted.size()) {
            return applied.size();
        }
        Map<TaskInstanceId, TaskState> states = new LinkedHashMap<>();
        tis.forEach(ti -> states.put(ti.id(), ti.state()));
        applied.forEach(t -> states.put(t.key().id(), t.to()));
        Optional<DagRunState> outcome = DagRunOutcome.of(states.values());
        if (outcome.isPresent() && runs.finish(run.key(), outcome.get(), now)) {
            (outcome.get() == DagRunState.SUCCESS ? metrics.runsSucceeded : metrics.runsFailed).increment();
            log.info("Run {} finished: {}", run.key(), outcome.get().dbValue());
            return applied.size() + 1;
        }
        return applied.size();
    }
}
