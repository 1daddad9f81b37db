package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LocalExecutor as the scheduler builds it: real worker JVMs ({@code taskpod tasks run}) against real
 * PostgreSQL, each claiming its try, running it and recording its state.
 */
class LocalExecutorEndToEndTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;
    private final List<ExecutorEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
        bed.writeDag("fan", """
                dag_id: fan
                tasks:
                  - task_id: each
                    expand: [a, b, c]
                    bash: echo "$TASKPOD_MAP_ITEM" >> "%1$s/executions"
                  - task_id: broken
                    bash: echo "disk full" >&2; exit 5
                """.formatted(bed.out));
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void runsEachTryInAWorkerProcessAndReportsOutcomes() {
        LocalExecutor executor = executor(2);
        List<TaskInstanceKey> keys = List.of(key("each", 0), key("each", 1), key("each", 2), key("broken", -1));
        keys.forEach(bed::queue);
        keys.forEach(key -> executor.queueWorkload(workload(key)));

        executor.heartbeat();
        assertThat(executor.running()).hasSize(2);
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            executor.heartbeat();
            events.addAll(executor.drainEvents());
            return executor.running().isEmpty() && executor.queuedTasks().isEmpty();
        });

        assertThat(bed.marker("executions")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(keys.subList(0, 3)).allSatisfy(key -> assertThat(bed.state(key)).isEqualTo("success"));
        assertThat(bed.state(key("broken", -1))).isEqualTo("failed");
        assertThat(terminal(key("each", 1)).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(terminal(key("broken", -1)).info().orElseThrow())
                .startsWith("worker exited with code 1 (the task failed); stderr: ")
                .contains("failed: task exited with code 5");
        assertThat(bed.log(key("broken", -1))).contains("disk full");
    }

    @Test
    void aSecondLaunchOfTheSameTryIsRefusedAndForgotten() {
        TaskInstanceKey key = key("each", 0);
        bed.queue(key);
        LocalExecutor first = executor(1);
        first.queueWorkload(workload(key));
        first.heartbeat();
        first.end();
        assertThat(first.drainEvents()).extracting(ExecutorEvent::state).endsWith(TaskState.SUCCESS);

        LocalExecutor second = executor(1);
        second.queueWorkload(workload(key));
        second.heartbeat();
        second.end();

        assertThat(second.drainEvents()).extracting(ExecutorEvent::state).containsExactly(TaskState.QUEUED);
        assertThat(second.running()).isEmpty();
        assertThat(bed.marker("executions")).containsExactly("a");
    }

    private LocalExecutor executor(int parallelism) {
        Map<String, String> environment = bed.workerProcessEnvironment();
        environment.put("TASKPOD__CORE__PARALLELISM", Integer.toString(parallelism));
        Config config = ConfigLoader.load(Optional.empty(), environment);
        LocalExecutor executor = LocalExecutors.create(config, Optional.empty(), bed.databaseSettings);
        executor.start();
        return executor;
    }

    private ExecutorEvent terminal(TaskInstanceKey key) {
        return events.stream().filter(e -> e.key().equals(key) && e.state() != TaskState.QUEUED).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no terminal event for " + key + " in " + events));
    }

    private static TaskInstanceKey key(String taskId, int mapIndex) {
        return new TaskInstanceKey("fan", taskId, "manual__1", 1, mapIndex);
    }

    private static ExecuteTask workload(TaskInstanceKey key) {
        return new ExecuteTask(key, "default", 1, Optional.empty(), Map.of(), 1, WorkerCommand.forLaunch(key, 1));
    }
}
