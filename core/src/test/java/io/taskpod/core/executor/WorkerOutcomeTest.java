package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerOutcomeTest {

    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of(0, "", new WorkerOutcome.Succeeded()),
                Arguments.of(0, "success", new WorkerOutcome.Succeeded()),
                Arguments.of(75, "refused: duplicate", new WorkerOutcome.Refused()),
                Arguments.of(1, "", new WorkerOutcome.Failed("exit code 1 (the task failed)")),
                Arguments.of(1, "failed: task exited with code 5", new WorkerOutcome.Failed(
                        "exit code 1 (the task failed): failed: task exited with code 5")),
                Arguments.of(70, "could not claim: the database at jdbc:postgresql://db/x was unreachable",
                        new WorkerOutcome.Failed("exit code 70 (the try could not be run): could not claim: the "
                                + "database at jdbc:postgresql://db/x was unreachable")),
                Arguments.of(42, "", new WorkerOutcome.Failed("exit code 42 (unexpected exit code)")));
    }

    @ParameterizedTest(name = "exit {0}")
    @MethodSource("exits")
    void classifiesHowATryEnded(int code, String message, WorkerOutcome expected) {
        assertThat(WorkerOutcome.of(new WorkerExit(code, message))).isEqualTo(expected);
    }
}
