package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.ActiveRuns;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.task.DependencyTransition;
import io.taskpod.store.task.TaskInstanceChanges;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TaskInstanceStatus;
import io.taskpod.store.task.TaskStateChanges;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves DAG runs forward: starts queued runs within {@code max_active_runs}, schedules retries whose delay has
 * passed, resolves dependencies of waiting task instances, and finishes runs whose task instances are all done.
 * It reads only what changed since its last loop ({@link RunStates}): the running runs, the task instances whose
 * state changed, and in full only the runs it starts following.
 */
final class DagRunProcessor {

    private static final Logger log = LoggerFactory.getLogger(DagRunProcessor.class);
    /**
     * Most dependency transitions written per loop iteration: a run that makes thousands of task instances ready at
     * once is moved on over several quick iterations instead of one long one.
     */
    static final int MAX_TRANSITIONS_PER_LOOP = 256;

    private final DagRunRepository runs;
    private final TaskInstanceRepository taskInstances;
    private final TaskStateChanges changes;
    private final RunStates states;
    private final RunScope scope;
    private final String schedulerId;
    private final Clock clock;
    private final SchedulerMetrics metrics;
    private final Set<String> reportedMissingDags = new HashSet<>();

    DagRunProcessor(DagRunRepository runs, TaskInstanceRepository taskInstances, TaskStateChanges changes,
            RunStates states, RunScope scope, String schedulerId, Clock clock, SchedulerMetrics metrics) {
        this.runs = runs;
        this.taskInstances = taskInstances;
        this.changes = changes;
        this.states = states;
        this.scope = scope;
        this.schedulerId = schedulerId;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Returns how many changes it made (runs started or finished, task instances moved), plus one for each run whose
     * waiting task instances are not all looked at yet (the loop should come back at once).
     */
    int process(DagBag bag) {
        Instant now = clock.instant();
        TaskInstanceChanges changed = changes.since(states.horizon());
        ActiveRuns active = runs.listActive(scope);
        int made = 0;
        if (active.anyQueued()) {
            int started = runs.startQueuedRuns(scope, now, RunStartSelection::choose).size();
            if (started > 0) {
                made += started;
                active = runs.listActive(scope);
            }
        }
        List<RunKey> running = active.running().stream().map(DagRunRecord::key).toList();
        Set<RunKey> unknown = states.update(changed, running, now);
        states.follow(unknown, changes.ofRuns(unknown));
        if (states.retryDue(now)) {
            List<TaskInstanceKey> retried = taskInstances.scheduleDueRetries(scope, now, schedulerId);
            retried.forEach(key -> states.apply(new TaskInstanceStatus(key, TaskState.SCHEDULED, Optional.empty())));
            made += retried.size();
        }
        int budget = MAX_TRANSITIONS_PER_LOOP;
        for (DagRunRecord run : active.running()) {
            Optional<Dag> dag = bag.dag(run.dagId());
            if (dag.isEmpty()) {
                if (reportedMissingDags.add(run.dagId())) {
                    log.warn("Run {} waits: DAG {} is not loaded (see the DAG load errors)", run.key(), run.dagId());
                }
                continue;
            }
            RunState state = states.of(run.key()).orElseThrow();
            int moved = advance(dag.get(), run, state, budget, now);
            budget = Math.max(0, budget - moved);
            made += moved + (state.resolvePending() ? 1 : 0);
        }
        return made;
    }

    private int advance(Dag dag, DagRunRecord run, RunState state, int budget, Instant now) {
        if (budget == 0) {
            return 0;
        }
        List<DependencyTransition> wanted = state.resolve(dag, budget);
        List<DependencyTransition> applied = taskInstances.applyDependencyTransitions(wanted, schedulerId, now);
        applied.forEach(transition -> state.apply(after(transition)));
        if (applied.size() < wanted.size() || state.resolvePending()) {
            return applied.size();
        }
        Optional<DagRunState> outcome = state.outcome();
        if (outcome.isPresent() && runs.finish(run.key(), outcome.get(), now)) {
            (outcome.get() == DagRunState.SUCCESS ? metrics.runsSucceeded : metrics.runsFailed).increment();
            log.info("Run {} finished: {}", run.key(), outcome.get().dbValue());
            states.forget(run.key());
            return applied.size() + 1;
        }
        return applied.size();
    }

    /** A task instance as a dependency transition leaves it: going to {@code scheduled} starts the next try. */
    private static TaskInstanceStatus after(DependencyTransition transition) {
        TaskInstanceKey key = transition.key();
        return new TaskInstanceStatus(transition.to() == TaskState.SCHEDULED ? key.withTryNumber(key.tryNumber() + 1) : key,
                transition.to(), Optional.empty());
    }
}
