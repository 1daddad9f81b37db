package io.taskpod.app.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagLoadError;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.task.TaskTransition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the API: one record per resource, built from the store's records. A field the database has no
 * value for is {@code null} in JSON.
 */
final class ApiViews {

    private ApiViews() {}

    /** How many of a DAG's newest runs {@link DagView#recentRuns()} holds. */
    static final int RECENT_RUNS = 8;

    /**
     * A DAG as the DAGs folder defines it, with what the database knows of it.
     *
     * @param isPaused null until a scheduler has stored the DAG
     * @param recentRuns its newest runs, newest first, at most {@value #RECENT_RUNS}
     */
    record DagView(String dagId, String description, String schedule, List<String> tasks, List<String> tags,
            String file, Boolean isPaused, Instant nextDagrun, List<RunView> recentRuns) {

        static DagView of(Dag dag, Optional<DagRecord> row, List<DagRunRecord> recentRuns) {
            return new DagView(dag.dagId(), dag.description(), DagRepository.scheduleText(dag.schedule()).orElse(null),
                    List.copyOf(dag.tasks().keySet()), dag.tags(), dag.relativeFileloc(),
                    row.map(DagRecord::paused).orElse(null), row.flatMap(DagRecord::nextDagrun).orElse(null),
                    recentRuns.stream().map(RunView::of).toList());
        }
    }

    /**
     * One task of a DAG as its file declares it, with its dependencies both ways: what the graph draws.
     *
     * @param operator {@code bash} or {@code command}
     * @param mapLength how many items a mapped task expands over; null for an unmapped task
     * @param executor the executor the task asks for; null for the default one
     */
    record TaskView(String taskId, String operator, List<String> upstreamTaskIds, List<String> downstreamTaskIds,
            boolean isMapped, Integer mapLength, int retries, String queue, String executor) {

        static TaskView of(Dag dag, TaskDefinition task) {
            return new TaskView(task.taskId(), task.action() instanceof TaskAction.Bash ? "bash" : "command",
                    task.dependsOn(), dag.downstreamOf(task.taskId()), task.isMapped(),
                    task.expand().map(List::size).orElse(null), task.retries(), task.queue(),
                    task.executor().orElse(null));
        }
    }

    /** {@code GET /api/v1/dags/{dag_id}/tasks}: in the order the DAG file declares them. */
    record TaskList(String dagId, List<TaskView> tasks) {}

    /** One run of the grid: the run and one cell per task that has task instances in it. */
    record GridRun(RunView run, Map<String, GridCells.Cell> cells) {}

    /**
     * {@code GET /api/v1/dags/{dag_id}/grid}: the DAG's tasks (rows, in file order) and its newest runs (columns,
     * oldest first).
     */
    record Grid(String dagId, List<String> tasks, List<GridRun> runs) {}

    /** {@code GET .../tasks/{task_id}?map_index=}: a task instance at its current try, and each of its tries. */
    record TaskInstanceDetail(TaskInstanceView taskInstance, List<TryHistory.Try> tries) {}

    /** A DAG file that did not load. */
    record LoadErrorView(String file, Integer line, String field, String reason) {

        static LoadErrorView of(DagLoadError error) {
            return new LoadErrorView(error.file(), error.line().orElse(null), error.field().orElse(null),
                    error.reason());
        }
    }

    /** {@code GET /api/v1/dags}. */
    record DagList(List<DagView> dags, List<LoadErrorView> loadErrors) {}

    /** A DAG run; {@code conf} is the run's JSON object as given. */
    record RunView(String dagId, String runId, String runType, String state, Instant logicalDate,
            Instant dataIntervalStart, Instant dataIntervalEnd, @JsonRawValue String conf, String createdBy,
            Instant createdAt, Instant startedAt, Instant endedAt) {

        static RunView of(DagRunRecord run) {
            return new RunView(run.dagId(), run.runId(), run.runType().dbValue(), run.state().dbValue(),
                    run.logicalDate(), run.dataIntervalStart().orElse(null), run.dataIntervalEnd().orElse(null),
                    run.conf().orElse(null), run.createdBy().orElse(null), run.createdAt(),
                    run.startedAt().orElse(null), run.endedAt().orElse(null));
        }

        /** The run as it was just inserted: started when it starts running, not ended. */
        static RunView of(NewDagRun run) {
            Instant startedAt = run.state() == DagRunState.RUNNING ? run.createdAt() : null;
            return new RunView(run.key().dagId(), run.key().runId(), run.runType().dbValue(), run.state().dbValue(),
                    run.logicalDate(), run.dataIntervalStart().orElse(null), run.dataIntervalEnd().orElse(null),
                    run.conf().orElse(null), run.createdBy(), run.createdAt(), startedAt, null);
        }
    }

    /** {@code GET /api/v1/dags/{dag_id}/runs}: newest logical date first. */
    record RunList(String dagId, List<RunView> runs) {}

    /** {@code POST /api/v1/dags/{dag_id}/runs}: the new run and why it may not start soon. */
    record TriggeredRun(RunView run, List<String> notes) {}

    /**
     * One task instance at its current try.
     *
     * @param executor the executor that runs the task instance: the one the task asked for, else the default one
     * @param externalExecutorId where the executor runs the try, e.g. {@code namespace/pod-name}
     */
    record TaskInstanceView(String dagId, String runId, String taskId, int mapIndex, String state, int tryNumber,
            int maxTries, String queue, String executor, String queuedBy, String externalExecutorId, String hostname,
            int launchAttempt, Instant queuedAt, Instant startedAt, Instant endedAt, Instant lastHeartbeatAt,
            String failureReason) {

        static TaskInstanceView of(TaskInstance ti, String defaultExecutor) {
            return new TaskInstanceView(ti.key().dagId(), ti.key().runId(), ti.key().taskId(), ti.key().mapIndex(),
                    ti.state().dbValue(), ti.key().tryNumber(), ti.maxTries(), ti.queue(),
                    ti.executor().orElse(defaultExecutor),
                    ti.queuedBy().orElse(null), ti.externalExecutorId().orElse(null), ti.hostname().orElse(null),
                    ti.launchAttempt(), ti.queuedAt().orElse(null), ti.startedAt().orElse(null),
                    ti.endedAt().orElse(null), ti.lastHeartbeatAt().orElse(null), ti.failureReason().orElse(null));
        }
    }

    /** {@code GET .../runs/{run_id}/tasks}. */
    record RunTaskInstances(RunView run, List<TaskInstanceView> taskInstances) {}

    /** One entry of the append-only transition log; {@code from} is null for the row's creation. */
    record TransitionView(long id, int tryNumber, String from, String to, String changedBy, String reason,
            Instant changedAt) {

        static TransitionView of(TaskTransition transition) {
            return new TransitionView(transition.id(), transition.tryNumber(),
                    transition.from().map(TaskState::dbValue).orElse(null), transition.to().dbValue(),
                    transition.changedBy().orElse(null), transition.reason().orElse(null), transition.changedAt());
        }
    }

    /** {@code GET .../tasks/{task_id}/transitions}: oldest first. */
    record TransitionList(String dagId, String runId, String taskId, int mapIndex, List<TransitionView> transitions) {}
}
