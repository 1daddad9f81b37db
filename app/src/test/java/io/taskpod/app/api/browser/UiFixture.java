package io.taskpod.app.api.browser;

import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.NewTaskInstance;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs and task instances in every state, made directly through the store (a run created as the scheduler creates it,
 * then each task instance moved try by try, so that the database's trigger writes their transitions as it does for
 * real ones), and their log files where workers write them.
 */
final class UiFixture {

    static final String ETL = """
            dag_id: etl
            description: Extract, fan out per region, load and report.
            tags: [fixture]
            tasks:
              - task_id: extract
                bash: echo extract
              - task_id: flaky
                depends_on: extract
                retries: 2
                bash: echo flaky
              - task_id: per_region
                depends_on: extract
                expand: [eu, us, ap]
                bash: echo "region $TASKPOD_MAP_ITEM"
              - task_id: load
                depends_on: per_region
                bash: echo load
              - task_id: transform
                depends_on: extract
                bash: exit 1
              - task_id: report
                depends_on: [load, transform]
                bash: echo report
            """;

    /** The task instances of a run of {@link #ETL}: per_region mapped to three map indices. */
    static final List<Task> ETL_TASKS = List.of(Task.of("extract"), new Task("flaky", 0, 3), new Task("per_region", 3, 1),
            Task.of("load"), Task.of("transform"), Task.of("report"));

    static final String OPS = """
            dag_id: ops
            description: Three steps for the actions.
            tasks:
              - task_id: first
                bash: echo one
              - task_id: second
                depends_on: first
                bash: echo two
              - task_id: third
                depends_on: second
                bash: echo three
            """;

    static final String LIVE = """
            dag_id: live
            description: One task whose log the page follows.
            tasks:
              - task_id: tail
                bash: echo tail
            """;

    static final String BROKEN = "dag_id: broken\ntasks: [\n";

    static final String ACTOR = "fixture";

    private final Jdbc jdbc;
    private final TaskLogFiles logs;

    UiFixture(Jdbc jdbc, TaskLogFiles logs) {
        this.jdbc = jdbc;
        this.logs = logs;
    }

    /** A task instance to create: {@code mapCount} 0 for an unmapped task. */
    record Task(String taskId, int mapCount, int maxTries) {

        static Task of(String taskId) {
            return new Task(taskId, 0, 1);
        }
    }

    /** Creates a manual run, queued, with its task instances in state none (map indices 0.. for mapped tasks). */
    RunKey run(String dagId, String runId, Instant logicalDate, List<Task> tasks) {
        List<NewTaskInstance> instances = new ArrayList<>();
        for (Task task : tasks) {
            if (task.mapCount() == 0) {
                instances.add(new NewTaskInstance(task.taskId(), -1, Optional.empty(), TaskState.NONE,
                        task.maxTries(), "default", Optional.empty(), 1));
            }
            for (int index = 0; index < task.mapCount(); index++) {
                instances.add(new NewTaskInstance(task.taskId(), index, Optional.of("\"item" + index + "\""),
                        TaskState.NONE, task.maxTries(), "default", Optional.empty(), 1));
            }
        }
        RunKey key = new RunKey(dagId, runId);
        boolean created = new DagRunRepository(jdbc).create(new NewDagRun(key, RunType.MANUAL, DagRunState.QUEUED,
                logicalDate, Optional.empty(), Optional.empty(), Optional.of("{\"day\": \"fixture\"}"), ACTOR,
                logicalDate), instances);
        if (!created) {
            throw new IllegalStateException("run " + key + " exists already");
        }
        return key;
    }

    /** Moves a run to {@code state}, starting it (and ending it, for success and failed) at {@code at}. */
    void runState(RunKey run, DagRunState state, Instant at) {
        update("UPDATE dag_run SET state = ?, started_at = coalesce(started_at, ?::timestamptz), "
                + "ended_at = CASE WHEN ? IN ('success', 'failed') THEN ?::timestamptz END WHERE dag_id = ? AND run_id = ?",
                state.dbValue(), at, state.dbValue(), at, run.dagId(), run.runId());
    }

    /**
     * Moves a task instance to {@code state} in try {@code tryNumber} at {@code at}, as the scheduler and worker
     * would: running sets the start, a state that ends a try sets the end.
     */
    void move(RunKey run, String taskId, int mapIndex, int tryNumber, TaskState state, Instant at, String reason) {
        boolean ends = state.isFinished() || state == TaskState.UP_FOR_RETRY;
        update("UPDATE task_instance SET state = ?, try_number = ?, updated_by = ?, state_reason = ?, updated_at = ?, "
                + "started_at = CASE WHEN ? THEN ?::timestamptz ELSE started_at END, "
                + "ended_at = CASE WHEN ? THEN ?::timestamptz END "
                + "WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?",
                state.dbValue(), tryNumber, ACTOR, reason, at, state == TaskState.RUNNING, at, ends, at, run.dagId(),
                run.runId(), taskId, mapIndex);
    }

    /** Runs try {@code tryNumber} of a task instance to {@code end}, starting at {@code start}, a minute long. */
    void tryTo(RunKey run, String taskId, int mapIndex, int tryNumber, TaskState end, Instant start) {
        move(run, taskId, mapIndex, tryNumber, TaskState.SCHEDULED, start, "upstream tasks done");
        move(run, taskId, mapIndex, tryNumber, TaskState.QUEUED, start, "queued");
        move(run, taskId, mapIndex, tryNumber, TaskState.RUNNING, start, "claimed by the worker");
        if (end != TaskState.RUNNING) {
            move(run, taskId, mapIndex, tryNumber, end, start.plusSeconds(60), "task exited: " + end.dbValue());
        }
    }

    void failureReason(RunKey run, String taskId, int mapIndex, String reason) {
        update("UPDATE task_instance SET failure_reason = ? WHERE dag_id = ? AND run_id = ? AND task_id = ? "
                + "AND map_index = ?", reason, run.dagId(), run.runId(), taskId, mapIndex);
    }

    /** Says the try runs in {@code namespace/pod}, as the KubernetesExecutor records it. */
    void runsIn(RunKey run, String taskId, String externalExecutorId) {
        update("UPDATE task_instance SET external_executor_id = ? WHERE dag_id = ? AND run_id = ? AND task_id = ?",
                externalExecutorId, run.dagId(), run.runId(), taskId);
    }

    /** Appends lines to the log file of a try, as its worker does. */
    void log(RunKey run, String taskId, int mapIndex, int tryNumber, String... lines) {
        Path file = logs.pathOf(new TaskInstanceKey(run.dagId(), taskId, run.runId(), tryNumber, mapIndex));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update(String sql, Object... values) {
        jdbc.withConnection("fixture", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    Object value = values[i];
                    statement.setObject(i + 1, value instanceof Instant instant ? Timestamp.from(instant) : value);
                }
                return statement.executeUpdate();
            }
        });
    }
}
