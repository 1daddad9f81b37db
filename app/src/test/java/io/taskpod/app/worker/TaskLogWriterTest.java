package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.app.remotelog.LogUploads;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLogWriterTest {

    @TempDir
    Path folder;

    private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void writesTaskOutputVerbatimAndWorkerLinesOnTheirOwnLineToFileAndEcho() throws IOException {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        Path file = folder.resolve("dag_id=d/attempt=1.log");

        try (TaskLogWriter writer = TaskLogWriter.open(file, new PrintStream(echo, true, StandardCharsets.UTF_8), clock)) {
            writer.line("started");
            byte[] output = "progress 50%\nno newline at the end".getBytes(StandardCharsets.UTF_8);
            writer.output(output, 0, output.length);
            writer.line("task exited with code 0");
        }

        String expected = """
                [2024-01-01T00:00:00Z] {worker} started
                progress 50%
                no newline at the end
                [2024-01-01T00:00:00Z] {worker} task exited with code 0
                """;
        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(echo.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void appendsToTheLogOfAnEarlierWorkerOfTheSameTry() throws IOException {
        Path file = folder.resolve("attempt=1.log");
        Files.writeString(file, "earlier\n");

        try (TaskLogWriter writer = TaskLogWriter.open(file, new PrintStream(new ByteArrayOutputStream()), clock)) {
            writer.line("refused");
        }

        assertThat(Files.readAllLines(file)).containsExactly("earlier", "[2024-01-01T00:00:00Z] {worker} refused");
    }

    @Test
    void anUnwritableLogFolderIsAWorkerErrorNamingTheFile() throws IOException {
        Path blocker = Files.writeString(folder.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> TaskLogWriter.open(blocker.resolve("attempt=1.log"), System.out, clock))
                .isInstanceOf(WorkerError.class)
                .hasMessageContaining("cannot write the task log " + blocker.resolve("attempt=1.log"))
                .hasMessageContaining("[logging] base_log_folder");
    }

    @Test
    void withRemoteLoggingAClaimedTryUploadsFromItsClaimAndWhenTheLogCloses() {
        List<String> uploads = new ArrayList<>();

        try (TaskLogWriter writer = open(uploads)) {
            writer.line("worker for the try");
            assertThat(uploads).isEmpty();
            writer.claimed();
            assertThat(uploads).containsExactly("start dag_id=d/run_id=r/task_id=t/attempt=2.log");
        }

        assertThat(uploads).containsExactly("start dag_id=d/run_id=r/task_id=t/attempt=2.log", "last upload");
    }

    @Test
    void aRefusedWorkerNeverUploadsSoItCannotReplaceTheLogOfTheTryItDidNotRun() {
        List<String> uploads = new ArrayList<>();

        try (TaskLogWriter writer = open(uploads)) {
            writer.refused("try 2 is running, not queued");
        }

        assertThat(uploads).isEmpty();
    }

    @Test
    void aWorkerErrorBeforeTheClaimIsUploadedOnceWhenTheLogCloses() {
        List<String> uploads = new ArrayList<>();

        try (TaskLogWriter writer = open(uploads)) {
            writer.line("worker error: DAG 'd' is not in the database");
        }

        assertThat(uploads).containsExactly("start dag_id=d/run_id=r/task_id=t/attempt=2.log", "last upload");
    }

    private TaskLogWriter open(List<String> uploads) {
        LogUploads recording = (relativePath, file, note) -> {
            uploads.add("start " + relativePath);
            return () -> uploads.add("last upload");
        };
        return TaskLogWriter.open(new TaskLogFiles(folder, clock), new TaskInstanceKey("d", "t", "r", 2, -1), recording,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock);
    }
}
