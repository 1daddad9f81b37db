package io.taskpod.app.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.NewTaskInstance;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of a new DAG run: the run itself and one task instance per task, a mapped task expanded to map indexes
 * 0..n-1 with each item stored as JSON (a mapped task over no items is one {@code skipped} task instance, as in
 * Airflow).
 */
public final class DagRunPlanner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DagRunPlanner() {}

    public static List<NewTaskInstance> taskInstances(Dag dag) {
        List<NewTaskInstance> rows = new ArrayList<>();
        for (TaskDefinition task : dag.tasks().values()) {
            if (task.expand().isEmpty()) {
                rows.add(row(task, -1, Optional.empty(), TaskState.NONE));
            } else if (task.expand().get().isEmpty()) {
                rows.add(row(task, -1, Optional.empty(), TaskState.SKIPPED));
            } else {
                List<Object> items = task.expand().get();
                for (int index = 0; index < items.size(); index++) {
                    rows.add(row(task, index, Optional.of(json(dag, task, items.get(index))), TaskState.NONE));
                }
            }
        }
        return rows;
    }

    /** A scheduled run for one data interval; it waits in {@code queued} until {@code max_active_runs} allows it. */
    public static NewDagRun scheduled(Dag dag, ScheduleTimetable.ScheduledRun run, String createdBy, Instant now) {
        return new NewDagRun(new RunKey(dag.dagId(), run.runId()), RunType.SCHEDULED, DagRunState.QUEUED,
                run.logicalDate(), Optional.of(run.interval().start()), Optional.of(run.interval().end()), Optional.empty(),
                createdBy, now);
    }

    /** A triggered run with logical date {@code now}; {@code runId} defaults to {@code manual__<now>}. */
    public static NewDagRun manual(Dag dag, Optional<String> runId, Optional<String> conf, String createdBy, Instant now) {
        return new NewDagRun(new RunKey(dag.dagId(), runId.orElse(RunIds.manual(now))), RunType.MANUAL,
                DagRunState.QUEUED, now, Optional.empty(), Optional.empty(), conf, createdBy, now);
    }

    /** The run of {@code dags test}: running at once, touched by no scheduler but the test's own loop. */
    public static NewDagRun test(Dag dag, String createdBy, Instant now) {
        return new NewDagRun(new RunKey(dag.dagId(), RunIds.test(now)), RunType.TEST, DagRunState.RUNNING, now,
                Optional.empty(), Optional.empty(), Optional.empty(), createdBy, now);
    }

    private static NewTaskInstance row(TaskDefinition task, int mapIndex, Optional<String> item, TaskState state) {
        return new NewTaskInstance(task.taskId(), mapIndex, item, state, task.retries(), task.queue(), task.executor(),
                task.priorityWeight());
    }

    private static String json(Dag dag, TaskDefinition task, Object item) {
        try {
            return JSON.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("DAG " + dag.dagId() + ", task " + task.taskId()
                    + ": an expand item cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
