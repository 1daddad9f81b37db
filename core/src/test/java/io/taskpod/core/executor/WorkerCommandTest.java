package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerCommandTest {

    static Stream<TaskInstanceKey> keys() {
        return Stream.of(new TaskInstanceKey("etl", "extract", "manual__2024-01-01T00:00:00+00:00", 1, -1),
                new TaskInstanceKey("etl", "per region", "r1", 3, 0), new TaskInstanceKey("d", "t", "--try-number", 12, 7));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void readsBackTheTryOfTheCommandItWrites(TaskInstanceKey key) {
        List<String> command = WorkerCommand.forTask(key);

        assertThat(command.getFirst()).isEqualTo(WorkerCommand.PROGRAM);
        assertThat(WorkerCommand.parse(command.subList(1, command.size()))).contains(key);
    }

    static Stream<Arguments> otherCommandLines() {
        return Stream.of(
                Arguments.of(List.of("tasks", "run", "d", "t", "r")),
                Arguments.of(List.of("tasks", "run", "d", "t", "r", "--try-number", "1", "--config", "x.cfg")),
                Arguments.of(List.of("tasks", "run", "d", "t", "r", "--map-index", "1", "--try-number", "1")),
                Arguments.of(List.of("tasks", "run", "d", "t", "r", "--try-number", "one")),
                Arguments.of(List.of("tasks", "run", "d", "t", "r", "--try-number", "0")),
                Arguments.of(List.of("tasks", "run", "d", "t", "r", "--try-number", "1", "--map-index", "-1")),
                Arguments.of(List.of("tasks", "logs", "d", "t", "r", "--try-number", "1")),
                Arguments.of(List.of("tasks", "run", "--help", "t", "r", "--try-number", "1", "extra")));
    }

    @ParameterizedTest
    @MethodSource("otherCommandLines")
    void anythingElseIsNotAWorkerCommand(List<String> arguments) {
        assertThat(WorkerCommand.parse(arguments)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 6, 8, 10})
    void aCommandOfAnotherLengthIsNotAWorkerCommand(int length) {
        List<String> arguments = Stream.concat(Stream.of("tasks", "run"), Stream.generate(() -> "1")).limit(length).toList();

        assertThat(WorkerCommand.parse(arguments)).isEmpty();
    }
}
