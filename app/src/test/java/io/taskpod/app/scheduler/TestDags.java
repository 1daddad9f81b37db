package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds DAGs and task instance snapshots for scheduler tests, reading like the DAG files they stand for. */
final class TestDags {

    private TestDags() {}

    static DagBuilder dag(String dagId) {
        return new DagBuilder(dagId);
    }

    static TaskBuilder task(String taskId) {
        return new TaskBuilder(taskId);
    }

    /** A task instance snapshot of run {@code r1} of DAG {@code dag}. */
    static TaskInstance ti(String taskId, int mapIndex, TaskState state) {
        return new TaskInstance(new TaskInstanceKey("dag", taskId, "r1", 1, mapIndex), state, "default",
                Optional.empty(), 1, 0, Optional.empty(), Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static TaskInstance ti(String taskId, TaskState state) {
        return ti(taskId, -1, state);
    }

    static final class DagBuilder {
        private final String dagId;
        private final Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
        private Schedule schedule = new Schedule.None();
        private Optional<Instant> startDate = Optional.empty();
        private boolean catchup = true;
        private int maxActiveRuns = 16;
        private int maxActiveTasks = 16;

        private DagBuilder(String dagId) {
            this.dagId = dagId;
        }

        DagBuilder task(TaskBuilder task) {
            TaskDefinition definition = task.build();
            tasks.put(definition.taskId(), definition);
            return this;
        }

        DagBuilder schedule(String cron, String startDate) {
            this.schedule = cron.equals("@once") ? new Schedule.Once() : new Schedule.Cron(cron, cron);
            this.startDate = Optional.of(Instant.parse(startDate));
            return this;
        }

        DagBuilder catchup(boolean value) {
            this.catchup = value;
            return this;
        }

        DagBuilder maxActiveRuns(int value) {
            this.maxActiveRuns = value;
            return this;
        }

        DagBuilder maxActiveTasks(int value) {
            this.maxActiveTasks = value;
            return this;
        }

        Dag build() {
            return new Dag(dagId, "", schedule, startDate, catchup, maxActiveRuns, maxActiveTasks, List.of(), tasks,
                    dagId + ".yaml", Path.of("/dags", dagId + ".yaml"));
        }
    }

    static final class TaskBuilder {
        private final String taskId;
        private final List<String> dependsOn = new ArrayList<>();
        private int retries;
        private Duration retryDelay = Duration.ofSeconds(30);
        private Optional<List<Object>> expand = Optional.empty();
        private Optional<String> executor = Optional.empty();
        private String queue = "default";
        private int priorityWeight = 1;
        private Map<String, Object> executorConfig = Map.of();

        private TaskBuilder(String taskId) {
            this.taskId = taskId;
        }

        TaskBuilder dependsOn(String... upstreams) {
            dependsOn.addAll(Arrays.asList(upstreams));
            return this;
        }

        TaskBuilder retries(int value, Duration delay) {
            this.retries = value;
            this.retryDelay = delay;
            return this;
        }

        TaskBuilder expand(Object... items) {
            this.expand = Optional.of(Arrays.asList(items));
            return this;
        }

        TaskBuilder executor(String name) {
            this.executor = Optional.of(name);
            return this;
        }

        TaskBuilder queue(String name) {
            this.queue = name;
            return this;
        }

        TaskBuilder priority(int value) {
            this.priorityWeight = value;
            return this;
        }

        TaskBuilder executorConfig(Map<String, Object> value) {
            this.executorConfig = value;
            return this;
        }

        TaskDefinition build() {
            return new TaskDefinition(taskId, new TaskAction.Bash("echo " + taskId), dependsOn, retries, retryDelay, false,
                    Optional.empty(), Optional.empty(), queue, executor, priorityWeight, Map.of(), executorConfig,
                    expand, 0);
        }
    }
}
