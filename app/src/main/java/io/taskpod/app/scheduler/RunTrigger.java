package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.scheduler.SchedulerRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a manual run of a DAG, queued for a scheduler to start: the one code path of {@code taskpod dags trigger}
 * and {@code POST /api/v1/dags/{dag_id}/runs}. Says when the run will wait: its DAG is paused, or no scheduler is
 * alive on the database. Once the run is committed the trigger succeeds: the notes are best effort.
 */
public final class RunTrigger {

    private static final Logger log = LoggerFactory.getLogger(RunTrigger.class);

    /** What a trigger did. */
    public sealed interface Outcome {}

    /**
     * The run was created with its task instances.
     *
     * @param run the run as inserted
     * @param notes why the run may not start soon (a paused DAG, no live scheduler), in words; empty when none, or
     *     when the database could not tell after the run was created
     */
    public record Created(NewDagRun run, List<String> notes) implements Outcome {

        public Created {
            notes = List.copyOf(notes);
        }
    }

    /** The DAG already has a run with that id; nothing was written. */
    public record RunIdTaken(RunKey run) implements Outcome {}

    /**
     * The run id breaks {@link RunIdRule}; nothing was written.
     *
     * @param problem what is wrong, naming {@code run_id}, the rule and the value
     */
    public record InvalidRunId(String problem) implements Outcome {}

    private final DagRunRepository runs;
    private final DagRepository dags;
    private final SchedulerRepository schedulers;
    private final String databaseDescription;
    private final Duration healthCheckThreshold;
    private final Clock clock;

    /**
     * @param databaseDescription how the note about no live scheduler names the database: where it is (without
     *     credentials) for the CLI, or a description that does not say where
     * @param healthCheckThreshold {@code [scheduler] scheduler_health_check_threshold}: a scheduler whose heartbeat is
     *     older is not alive
     */
    public RunTrigger(Jdbc jdbc, String databaseDescription, Duration healthCheckThreshold, Clock clock) {
        this.runs = new DagRunRepository(jdbc);
        this.dags = new DagRepository(jdbc);
        this.schedulers = new SchedulerRepository(jdbc);
        this.databaseDescription = databaseDescription;
        this.healthCheckThreshold = healthCheckThreshold;
        this.clock = clock;
    }

    /**
     * Creates a manual run of {@code dag}.
     *
     * @param runId the run id, checked against {@link RunIdRule}; default {@code manual__<now>}
     * @param conf the run's conf, a JSON object text
     * @param createdBy who asked, e.g. {@code cli} or {@code api}
     */
    public Outcome trigger(Dag dag, Optional<String> runId, Optional<String> conf, String createdBy) {
        Optional<String> problem = runId.flatMap(RunIdRule::problem);
        if (problem.isPresent()) {
            return new InvalidRunId(problem.get());
        }
        NewDagRun run = DagRunPlanner.manual(dag, runId, conf, createdBy, clock.instant());
        if (!runs.create(run, DagRunPlanner.taskInstances(dag))) {
            return new RunIdTaken(run.key());
        }
        return new Created(run, notes(dag.dagId()));
    }

    private List<String> notes(String dagId) {
        try {
            return checkedNotes(dagId);
        } catch (StoreException e) {
            log.warn("Created a run of DAG {}, but could not check whether it will wait: {}", dagId, e.getMessage());
            return List.of();
        }
    }

    private List<String> checkedNotes(String dagId) {
        List<String> notes = new ArrayList<>();
        if (dags.find(dagId).map(DagRecord::paused).orElse(false)) {
            notes.add("DAG " + dagId + " is paused; the run waits until it is unpaused.");
        }
        if (schedulers.liveIds(clock.instant().minus(healthCheckThreshold)).isEmpty()) {
            notes.add("no scheduler is running on " + databaseDescription
                    + "; start one (taskpod scheduler, or taskpod standalone) to execute the run.");
        }
        return notes;
    }
}
