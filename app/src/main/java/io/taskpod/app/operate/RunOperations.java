package io.taskpod.app.operate;

import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.app.scheduler.RunIdRule;
import io.taskpod.app.scheduler.RunIds;
import io.taskpod.app.scheduler.ScheduleTimetable;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.operate.AuditLog;
import io.taskpod.store.operate.ManualChangeRepository;
import io.taskpod.store.operate.ManualTransitions;
import io.taskpod.store.operate.RunChange;
import io.taskpod.store.operate.TaskChange;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The manual actions on DAGs and runs, as the CLI and the API both carry them out. Each reads what it selects, then
 * writes in one transaction that decides again on the locked rows (so a task instance that changed in between is
 * handled by its state then); a dry run stops after reading and says what would change.
 */
public final class RunOperations {

    /** The run id that names a DAG's newest run wherever a run id is asked for. */
    public static final String LATEST = RunIdRule.LATEST;

    private final DagRepository dags;
    private final DagRunRepository runs;
    private final TaskInstanceRepository taskInstances;
    private final ManualChangeRepository changes;
    private final AuditLog audit;
    private final Clock clock;

    public RunOperations(Jdbc jdbc, Clock clock) {
        this.dags = new DagRepository(jdbc);
        this.runs = new DagRunRepository(jdbc);
        this.taskInstances = new TaskInstanceRepository(jdbc);
        this.changes = new ManualChangeRepository(jdbc);
        this.audit = new AuditLog(jdbc);
        this.clock = clock;
    }

    /** The run {@code runId} names: {@value #LATEST} is the DAG's newest run (by logical date); empty when none. */
    public Optional<DagRunRecord> findRun(String dagId, String runId) {
        if (LATEST.equals(runId)) {
            return runs.listByDag(dagId, 1).stream().findFirst();
        }
        return runs.find(new RunKey(dagId, runId));
    }

    /** The ids of the DAGs the database knows. */
    public List<String> knownDagIds() {
        return dags.list().stream().map(DagRecord::dagId).toList();
    }

    /** Pauses or unpauses a DAG; false when the database does not know the DAG (no scheduler has stored it yet). */
    public boolean setPaused(String dagId, boolean paused, Actor actor) {
        return dags.setPaused(dagId, paused, actor);
    }

    /** The runs {@code options} select: the one named, or those of its date range (all without one). */
    public List<DagRunRecord> selectRuns(String dagId, ClearOptions options) {
        if (options.runId().isPresent()) {
            return findRun(dagId, options.runId().get()).stream().toList();
        }
        return runs.listByLogicalDate(dagId, options.startDate(), options.endDate());
    }

    /** What clearing would do: the selected task instances it changes, with their new states. Writes nothing. */
    public List<TaskChange> previewClear(Dag dag, ClearOptions options) {
        return clearCandidates(dag, options).stream()
                .flatMap(ti -> ManualTransitions.clear(ti.state()).stream().map(to -> new TaskChange(ti.id(),
                        ti.key().tryNumber(), ti.state(), to, to == TaskState.RESTARTING)))
                .toList();
    }

    /** Clears the selected task instances: each gets a new try (a queued or running one is stopped first). */
    public List<TaskChange> clear(Dag dag, ClearOptions options, Actor actor) {
        Map<TaskInstanceId, Integer> retries = new LinkedHashMap<>();
        for (TaskInstance ti : clearCandidates(dag, options)) {
            retries.put(ti.id(), dag.task(ti.key().taskId()).map(TaskDefinition::retries).orElse(0));
        }
        return changes.clear(retries, actor, "cleared by " + actor, clock.instant(),
                options.describe());
    }

    private List<TaskInstance> clearCandidates(Dag dag, ClearOptions options) {
        Set<String> tasks = TaskSelection.select(dag, options.taskRegex(), false, false);
        if (!options.taskIds().isEmpty()) {
            tasks.retainAll(options.taskIds());
        }
        tasks = TaskSelection.expand(dag, tasks, options.upstream(), options.downstream());
        List<RunKey> selected = selectRuns(dag.dagId(), options).stream().map(DagRunRecord::key).toList();
        List<TaskInstance> candidates = new ArrayList<>();
        for (TaskInstance ti : inDagOrder(dag, taskInstances.listByRuns(selected))) {
            if (!tasks.contains(ti.key().taskId())) {
                continue;
            }
            if (options.onlyFailed() && ti.state() != TaskState.FAILED && ti.state() != TaskState.UPSTREAM_FAILED) {
                continue;
            }
            if (options.onlyRunning() && ti.state() != TaskState.RUNNING) {
                continue;
            }
            candidates.add(ti);
        }
        return candidates;
    }

    /**
     * Marks the task instances of {@code taskIds} in one run {@code success} or {@code failed}: all map indices of each
     * task, except of a task in {@code mapIndexOf}, only that one. As in Airflow, the map index a user names is that
     * of the task they named; its upstream and downstream tasks, added by {@link TaskSelection#expand}, are marked
     * whole. With {@code dryRun}, only says what would change.
     */
    public List<TaskChange> mark(Dag dag, RunKey run, Set<String> taskIds, Map<String, Integer> mapIndexOf,
            TaskState to, boolean dryRun, Actor actor) {
        List<TaskInstance> selected = inDagOrder(dag, taskInstances.listByRun(run)).stream()
                .filter(ti -> taskIds.contains(ti.key().taskId()))
                .filter(ti -> !mapIndexOf.containsKey(ti.key().taskId())
                        || mapIndexOf.get(ti.key().taskId()).intValue() == ti.key().mapIndex())
                .toList();
        if (dryRun) {
            return selected.stream().flatMap(ti -> ManualTransitions.mark(ti.state(), to).stream()
                    .map(state -> new TaskChange(ti.id(), ti.key().tryNumber(), ti.state(), state,
                            ManualTransitions.stopsATry(ti.state())))).toList();
        }
        return changes.mark(selected.stream().map(TaskInstance::id).toList(), to, actor,
                "marked " + to.dbValue() + " by " + actor, clock.instant());
    }

    /**
     * Ends a run as {@code success} or {@code failed}, or cancels it (failed, reason "cancelled by USER"): queued and
     * running tries are stopped, nothing more starts. A run already in that state, or a finished run cancelled, is
     * left as it is ({@link RunChange#unchanged()}). Empty when there is no such run.
     */
    public Optional<RunChange> endRun(RunKey run, DagRunState to, boolean cancel, Actor actor) {
        String reason = cancel ? "cancelled by " + actor : "marked " + to.dbValue() + " by " + actor;
        return changes.endRun(run, to, cancel, actor, cancel ? "cancel" : "mark run " + to.dbValue(), reason, clock.instant());
    }

    /**
     * The runs of a backfill: created, or already there (a scheduled or backfill run of that logical date exists).
     */
    public record Backfill(List<NewDagRun> created, List<Instant> existing) {

        public Backfill {
            created = List.copyOf(created);
            existing = List.copyOf(existing);
        }
    }

    /**
     * Creates the runs of {@link BackfillPlan} as {@code backfill} runs, queued: the scheduler starts them within the
     * DAG's {@code max_active_runs}, oldest first. Logical dates that already have a run are left as they are.
     *
     * @throws IllegalArgumentException as {@link BackfillPlan#runs}
     */
    public Backfill backfill(Dag dag, Instant start, Instant end, Actor actor) {
        Instant now = clock.instant();
        List<NewDagRun> created = new ArrayList<>();
        List<Instant> existing = new ArrayList<>();
        for (ScheduleTimetable.ScheduledRun planned : BackfillPlan.runs(dag, start, end, now)) {
            NewDagRun run = new NewDagRun(new RunKey(dag.dagId(), RunIds.backfill(planned.logicalDate())),
                    RunType.BACKFILL, DagRunState.QUEUED, planned.logicalDate(), Optional.of(planned.interval().start()),
                    Optional.of(planned.interval().end()), Optional.empty(), actor.name(), now);
            if (runs.create(run, DagRunPlanner.taskInstances(dag))) {
                created.add(run);
            } else {
                existing.add(planned.logicalDate());
            }
        }
        audit.record(actor, "backfill", Optional.of(dag.dagId()), Optional.empty(), Optional.of("from " + start
                + " to " + end + ": " + created.size() + " run(s) created, " + existing.size() + " already there"));
        return new Backfill(created, existing);
    }

    /** The task instances in DAG order (the order the file declares its tasks), then by map index. */
    public static List<TaskInstance> inDagOrder(Dag dag, List<TaskInstance> taskInstances) {
        Map<String, Integer> position = new LinkedHashMap<>();
        dag.tasks().keySet().forEach(taskId -> position.put(taskId, position.size()));
        Function<TaskInstance, Integer> order = ti -> position.getOrDefault(ti.key().taskId(), Integer.MAX_VALUE);
        return taskInstances.stream().sorted(Comparator.comparing((TaskInstance ti) -> ti.key().runId())
                .thenComparing(order).thenComparing(ti -> ti.key().taskId()).thenComparingInt(ti -> ti.key().mapIndex()))
                .toList();
    }
}
