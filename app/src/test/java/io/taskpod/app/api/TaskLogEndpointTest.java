package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a log file on from an offset, in whole lines, and in pieces of at most {@link TaskLogEndpoint#MAX_CHUNK}. */
class TaskLogEndpointTest {

    @TempDir
    Path folder;

    @Test
    void aLogLongerThanOneAnswerIsReadInPiecesThatEndAtLineEndsUntilItsEnd() throws IOException {
        String line = "x".repeat(99) + "\n";
        int lines = TaskLogEndpoint.MAX_CHUNK / line.length() + 10;
        Path file = Files.writeString(folder.resolve("attempt=1.log"), line.repeat(lines) + "last, without newline");
        long size = Files.size(file);

        TaskLogEndpoint.Chunk first = TaskLogEndpoint.read(file, 0, true);
        assertThat(first.toEnd()).isFalse();
        assertThat(first.bytes().length % line.length()).isZero();
        assertThat(first.bytes().length).isLessThanOrEqualTo(TaskLogEndpoint.MAX_CHUNK);
        TaskLogEndpoint.Chunk rest = TaskLogEndpoint.read(file, first.bytes().length, true);
        assertThat(rest.toEnd()).isTrue();
        assertThat(first.bytes().length + rest.bytes().length).isEqualTo(size);
        assertThat(new String(rest.bytes(), StandardCharsets.UTF_8)).endsWith("\nlast, without newline");
    }

    @Test
    void whileTheTryGoesOnTheLastUnfinishedLineWaitsAndALineLongerThanOneAnswerComesInPieces() throws IOException {
        Path file = Files.writeString(folder.resolve("attempt=1.log"), "done\nhalf a li");
        assertThat(new String(TaskLogEndpoint.read(file, 0, false).bytes(), StandardCharsets.UTF_8)).isEqualTo("done\n");
        assertThat(TaskLogEndpoint.read(file, 5, false).bytes()).isEmpty();
        assertThat(TaskLogEndpoint.read(file, 99, false).toEnd()).isTrue();

        Path huge = Files.writeString(folder.resolve("attempt=2.log"), "y".repeat(TaskLogEndpoint.MAX_CHUNK + 5));
        assertThat(TaskLogEndpoint.read(huge, 0, false).bytes()).hasSize(TaskLogEndpoint.MAX_CHUNK);
    }
}
