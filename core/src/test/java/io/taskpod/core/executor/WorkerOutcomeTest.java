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
                Arguments.of(0, "noise on stderr", new WorkerOutcome.Succeeded()),
                Arguments.of(75, "refused: duplicate", new WorkerOutcome.Refused()),
                Arguments.of(1, "", new WorkerOutcome.Failed("worker exited with code 1 (the task failed)")),
                Arguments.of(70, "database at jdbc:postgresql://db/x unreachable", new WorkerOutcome.Failed(
                        "worker exited with code 70 (the worker could not do its job); stderr: database at "
                                + "jdbc:postgresql://db/x unreachable")),
                Arguments.of(2, "Unknown option", new WorkerOutcome.Failed(
                        "worker exited with code 2 (bad worker command line); stderr: Unknown option")),
                Arguments.of(137, "", new WorkerOutcome.Failed("worker exited with code 137 (killed by SIGKILL)")),
                Arguments.of(143, "", new WorkerOutcome.Failed("worker exited with code 143 (terminated by SIGTERM)")),
                Arguments.of(134, "", new WorkerOutcome.Failed("worker exited with code 134 (killed by signal 6)")),
                Arguments.of(42, "", new WorkerOutcome.Failed("worker exited with code 42 (unexpected exit code)")));
    }

    @ParameterizedTest(name = "exit {0}")
    @MethodSource("exits")
    void classifiesWorkerExits(int code, String stderr, WorkerOutcome expected) {
        assertThat(WorkerOutcome.of(new WorkerExit(code, stderr))).isEqualTo(expected);
    }
}
