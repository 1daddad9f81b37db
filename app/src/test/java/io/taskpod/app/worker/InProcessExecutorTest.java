package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.ExecutorEvent;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor of {@code dags test}: the worker code on threads of this process, reporting like the LocalExecutor. */
class InProcessExecutorTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;
    private InProcessExecutor executor;
    private final List<ExecutorEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
        bed.writeDag("local", """
                dag_id: local
                tasks:
                  - {task_id: ok, bash: 'echo ok >> "%1$s/executions"'}
                  - {task_id: fails, bash: 'exit 2'}
                  - {task_id: long, bash: 'touch "%1$s/long.started"; sleep 300'}
                """.formatted(bed.out));
        executor = new InProcessExecutor(2, bed.worker(), WorkerHost.current(Map.of()));
        executor.start();
    }

    @AfterEach
    void tearDown() {
        executor.terminate();
        bed.close();
    }

    @Test
    void runsTriesInThisProcessAndReportsTheirOutcomes() {
        queue("ok");
        queue("fails");

        executor.heartbeat();
        events.addAll(executor.drainEvents());
        executor.end();
        events.addAll(executor.drainEvents());

        assertThat(eventsOf("ok")).extracting(ExecutorEvent::state).containsExactly(TaskState.QUEUED, TaskState.SUCCESS);
        assertThat(eventsOf("fails")).last().satisfies(event -> {
            assertThat(event.state()).isEqualTo(TaskState.FAILED);
            assertThat(event.info().orElseThrow()).contains("code 1 (the task failed)", "task exited with code 2");
        });
        assertThat(bed.state(key("ok"))).isEqualTo("success");
        assertThat(bed.state(key("fails"))).isEqualTo("failed");
        assertThat(bed.marker("executions")).containsExactly("ok");
    }

    @Test
    void terminateStopsRunningTasksWhichRecordTheFailure() {
        queue("long");
        executor.heartbeat();
        await().until(() -> Files.exists(bed.out.resolve("long.started")));

        executor.terminate();

        assertThat(executor.drainEvents()).extracting(ExecutorEvent::state).endsWith(TaskState.FAILED);
        assertThat(bed.state(key("long"))).isEqualTo("failed");
        assertThat(bed.column(key("long"), "failure_reason")).isEqualTo("taskpod dags test was stopped");
    }

    @Test
    void revokeStopsTheTaskWithoutRecordingOrReporting() {
        queue("long");
        executor.heartbeat();
        await().until(() -> Files.exists(bed.out.resolve("long.started")));
        executor.drainEvents();

        executor.revokeTask(key("long"));

        await().until(() -> bed.log(key("long")).contains("nothing recorded: the try was revoked"));
        executor.sync();
        assertThat(executor.drainEvents()).isEmpty();
        assertThat(bed.state(key("long"))).isEqualTo("running");
    }

    private void queue(String taskId) {
        bed.queue(key(taskId));
        executor.queueWorkload(new ExecuteTask(key(taskId), "default", 1, Optional.empty(), Map.of(), 1,
                WorkerCommand.forLaunch(key(taskId), 1)));
    }

    private List<ExecutorEvent> eventsOf(String taskId) {
        return events.stream().filter(e -> e.key().taskId().equals(taskId)).toList();
    }

    private static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("local", taskId, "test__1", 1, -1);
    }
}
