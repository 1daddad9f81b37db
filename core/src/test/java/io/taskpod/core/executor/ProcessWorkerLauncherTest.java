package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcessWorkerLauncherTest {

    @TempDir
    Path work;

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(List.of("java", "-cp", "x.jar", "io.taskpod.app.Taskpod"),
                        List.of("taskpod", "tasks", "run", "d", "t", "r", "--try-number", "1"),
                        List.of("java", "-cp", "x.jar", "io.taskpod.app.Taskpod", "tasks", "run", "d", "t", "r",
                                "--try-number", "1")),
                Arguments.of(List.of("/usr/local/bin/taskpod"), List.of("taskpod", "version"),
                        List.of("/usr/local/bin/taskpod", "version")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void replacesTheLeadingTaskpodWithThePrefix(List<String> prefix, List<String> command, List<String> expected) {
        assertThat(new ProcessWorkerLauncher(prefix, Map.of(), work).argv(command)).isEqualTo(expected);
    }

    @Test
    void rejectsCommandsThatAreNotWorkerCommands() {
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(List.of("java"), Map.of(), work);
        assertThatThrownBy(() -> launcher.argv(List.of("rm", "-rf", "/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with 'taskpod'");
    }

    @Test
    void keepsTheLastLinesOfStderr() throws IOException {
        Path file = work.resolve("stderr");
        Files.writeString(file, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"))
                + "\n\n");

        String tail = ProcessWorkerLauncher.tail(file);

        assertThat(tail.lines()).hasSize(ProcessWorkerLauncher.TAIL_LINES).endsWith("line 100").startsWith("line 81");
    }

    @Test
    void passesTheEnvironmentAndReportsTheExitWithStderr() throws Exception {
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(
                List.of("bash", "-c", "echo \"$GREETING $1\" >&2; exit 3", "taskpod"), Map.of("GREETING", "hello"), work);

        WorkerProcess process = launcher.launch(new io.taskpod.core.model.TaskInstanceKey("d", "t", "r", 1, -1),
                List.of("taskpod", "world"));

        assertThat(process.onExit().get()).isEqualTo(new WorkerExit(3, "hello world"));
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }
}
