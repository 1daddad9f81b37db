package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskpod.app.Taskpod;
import io.taskpod.app.testing.TestJvm;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskpod tasks run} and {@code tasks logs} as real processes (a new JVM each), as executors start them. */
class WorkerProcessTest {

    @TempDir
    Path root;

    private WorkerTestBed bed;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bed = new WorkerTestBed(root);
    }

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
        bed.close();
    }

    @Test
    void sigtermToTheWorkerStopsTheTaskAndRecordsTheFailure() throws Exception {
        bed.writeDag("sig", """
                dag_id: sig
                tasks:
                  - task_id: long
                    bash: |
                      sleep 300 &
                      echo $! > "%s/child"
                      wait
                """.formatted(bed.out));
        TaskInstanceKey key = new TaskInstanceKey("sig", "long", "r1", 1, -1);
        bed.queue(key);
        Process worker = start("tasks", "run", "sig", "long", "r1", "--try-number", "1");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(bed.out.resolve("child")));
        long child = Long.parseLong(Files.readString(bed.out.resolve("child")).strip());

        worker.destroy();

        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(128 + 15);
        WorkerTest.awaitDead(child);
        assertThat(bed.state(key)).isEqualTo("failed");
        assertThat(bed.column(key, "failure_reason"))
                .isEqualTo("the worker was stopped by a signal (SIGTERM: pod deleted or executor stopping)");
        assertThat(bed.log(key)).contains("stop requested: the worker was stopped by a signal", "final state: failed");
    }

    @Test
    void exitCodesTellSuccessRefusalAndWorkerErrorsApart() throws Exception {
        bed.writeDag("codes", "dag_id: codes\ntasks:\n  - {task_id: ok, bash: 'echo hello from the task'}\n");
        TaskInstanceKey key = new TaskInstanceKey("codes", "ok", "r1", 1, -1);
        bed.queue(key);

        Finished first = run("tasks", "run", "codes", "ok", "r1", "--try-number", "1");
        Finished second = run("tasks", "run", "codes", "ok", "r1", "--try-number", "1");
        Finished unknown = run("tasks", "run", "nope", "t", "r1", "--try-number", "1");

        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).contains("hello from the task", "{worker} final state: success");
        assertThat(second.exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(second.stderr()).contains("taskpod tasks run: refused: try 1 already ended: success");
        assertThat(unknown.exitCode()).isEqualTo(WorkerExitCode.REFUSED);
        assertThat(unknown.stderr()).contains("there is no task instance nope.t run=r1 in the database");
    }

    @Test
    void anUnreachableDatabaseIsAWorkerErrorNamingTheRedactedUrl() throws Exception {
        Map<String, String> environment = bed.workerProcessEnvironment();
        environment.put("TASKPOD__DATABASE__URL", "jdbc:postgresql://127.0.0.1:1/taskpod?password=hunter2");
        environment.put("TASKPOD__SCHEDULER__WORKER_STATE_WRITE_TIMEOUT", "0");

        Finished result = run(environment, "tasks", "run", "d", "t", "r1", "--try-number", "1");

        assertThat(result.exitCode()).isEqualTo(WorkerExitCode.WORKER_ERROR);
        assertThat(result.stderr()).contains("jdbc:postgresql://127.0.0.1:1/taskpod?password=********")
                .doesNotContain("hunter2");
    }

    @Test
    void tasksLogsPrintsTheLatestTryOrSaysThereIsNone() throws Exception {
        bed.writeDag("logs", "dag_id: logs\ntasks:\n  - {task_id: t, bash: 'echo line from try 1'}\n");
        TaskInstanceKey key = new TaskInstanceKey("logs", "t", "r1", 1, -1);
        bed.queue(key);
        bed.run(key);

        Finished latest = run("tasks", "logs", "logs", "t", "r1");
        Finished missing = run("tasks", "logs", "logs", "t", "r1", "--try-number", "2");

        assertThat(latest.exitCode()).isZero();
        assertThat(latest.stdout()).contains("line from try 1", "final state: success");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no log for logs.t run=r1 try=2 yet: " + bed.logs.resolve(
                "dag_id=logs/run_id=r1/task_id=t/attempt=2.log") + " does not exist");
    }

    private record Finished(int exitCode, String stdout, String stderr) {}

    private Finished run(String... args) throws IOException, InterruptedException {
        return run(bed.workerProcessEnvironment(), args);
    }

    private Finished run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = start(environment, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("taskpod %s finished", List.of(args)).isTrue();
        return new Finished(process.exitValue(), Files.readString(root.resolve("stdout-" + process.pid())),
                Files.readString(root.resolve("stderr-" + process.pid())));
    }

    private Process start(String... args) throws IOException {
        return start(bed.workerProcessEnvironment(), args);
    }

    private Process start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(TestJvm.command(Taskpod.class));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("TASKPOD"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Files.move(out, root.resolve("stdout-" + process.pid()));
        Files.move(err, root.resolve("stderr-" + process.pid()));
        started.add(process);
        return process;
    }
}
