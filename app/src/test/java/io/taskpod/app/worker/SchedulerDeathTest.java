package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.ProcessTree;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.DatabaseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local worker outlives the scheduler that started it: the scheduler's JVM is killed (SIGKILL) while the task
 * runs; the worker still finishes the task and records its state, and the next scheduler's LocalExecutor adopts
 * the running worker instead of having the try reset.
 */
class SchedulerDeathTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;
    private Process scheduler;
    private long workerPid;

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (scheduler != null) {
            scheduler.destroyForcibly();
        }
        killLeftoverWorker();
        bed.close();
    }

    /** When the test failed half-way, its worker may still wait for the release file; it is only ever this one. */
    private void killLeftoverWorker() throws IOException {
        Path environ = Path.of("/proc", Long.toString(workerPid), "environ");
        if (workerPid > 0 && Files.exists(environ)
                && new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).contains("TASKPOD_HOME=" + root)) {
            ProcessHandle.of(workerPid).ifPresent(ProcessTree::kill);
        }
    }

    @Test
    void theWorkerFinishesItsTaskAfterTheSchedulerIsKilledAndIsAdoptedByTheNextOne() throws Exception {
        bed.writeDag("orphan", """
                dag_id: orphan
                tasks:
                  - task_id: outlives
                    bash: |
                      echo run >> "%1$s/executions"
                      while [ ! -e "%1$s/release" ]; do sleep 0.05; done
                      echo "still here after the scheduler died"
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("orphan", "outlives", "r1", 1, -1);
        bed.queue(key);
        List<String> command = new ArrayList<>(CurrentJvm.taskpodCommand());
        command.set(command.size() - 1, SchedulerHost.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("scheduler.out").toFile());
        builder.environment().putAll(bed.workerProcessEnvironment());
        scheduler = builder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> bed.marker("executions").size() == 1);

        await().until(() -> Files.readString(root.resolve("scheduler.out")).contains("worker-pid="));
        workerPid = Long.parseLong(Files.readString(root.resolve("scheduler.out"))
                .replaceAll("(?s).*worker-pid=(\\d+).*", "$1"));

        scheduler.destroyForcibly();
        assertThat(scheduler.waitFor(10, TimeUnit.SECONDS)).isTrue();
        LocalExecutor next = LocalExecutors.create(ConfigLoader.load(Optional.empty(), bed.workerProcessEnvironment()),
                Optional.empty(), bed.databaseSettings);
        TaskInstance running = new TaskInstance(key, TaskState.RUNNING, "default", Optional.empty(), 1, 0,
                Optional.of("scheduler-1"), Optional.of("local:" + WorkerHost.hostname(System.getenv()) + ":" + workerPid),
                Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(next.tryAdoptTaskInstances(List.of(running))).isEmpty();
        Files.createFile(bed.out.resolve("release"));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            next.sync();
            return next.running().isEmpty();
        });
        assertThat(bed.state(key)).isEqualTo("success");
        assertThat(bed.log(key)).contains("still here after the scheduler died", "final state: success");
        assertThat(bed.marker("executions")).hasSize(1);
        assertThat(next.drainEvents()).singleElement().satisfies(event ->
                assertThat(event.info().orElseThrow()).contains("exit code unknown: an adopted worker"));
    }

    /** Stands in for a scheduler: starts the LocalExecutor's worker for one try, then waits to be killed. */
    public static final class SchedulerHost {

        public static void main(String[] args) throws IOException, InterruptedException {
            Config config = ConfigLoader.load(Optional.empty(), System.getenv());
            LocalExecutor executor = LocalExecutors.create(config, Optional.empty(), new DatabaseSettings(
                    System.getenv("TASKPOD__DATABASE__URL"), System.getenv("TASKPOD__DATABASE__USER"),
                    System.getenv("TASKPOD__DATABASE__PASSWORD"), 1));
            TaskInstanceKey key = new TaskInstanceKey("orphan", "outlives", "r1", 1, -1);
            executor.queueWorkload(new ExecuteTask(key, "default", 1, Optional.empty(), Map.of(), 1,
                    WorkerCommand.forLaunch(key, 1)));
            executor.heartbeat();
            System.out.println("worker-pid=" + executor.workerPids().get(key));
            new CountDownLatch(1).await();
        }
    }
}
