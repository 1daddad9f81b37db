package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.FinalState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FinalStateDecisionTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    private static FinalState failed(String reason) {
        return new FinalState(TaskState.FAILED, Optional.of(reason), Optional.empty(), reason);
    }

    private static FinalState retry(String reason, String stateReason, Duration after) {
        return new FinalState(TaskState.UP_FOR_RETRY, Optional.of(reason), Optional.of(NOW.plus(after)), stateReason);
    }

    static Stream<Arguments> outcomes() {
        StopSignal.Request sigterm = new StopSignal.Request("the worker received SIGTERM", true);
        StopSignal.Request revoke = new StopSignal.Request("revoked", false);
        return Stream.of(
                Arguments.of(new TaskOutcome.Exited(0), 0, 1, Optional.of(new FinalState(TaskState.SUCCESS,
                        Optional.empty(), Optional.empty(), "task exited with code 0"))),
                Arguments.of(new TaskOutcome.Exited(0), 3, 1, Optional.of(new FinalState(TaskState.SUCCESS,
                        Optional.empty(), Optional.empty(), "task exited with code 0"))),
                Arguments.of(new TaskOutcome.Exited(3), 0, 1, Optional.of(failed("task exited with code 3"))),
                Arguments.of(new TaskOutcome.Exited(3), 2, 1, Optional.of(retry("task exited with code 3",
                        "task exited with code 3; try 2 of 3 not before 2024-06-01T12:01:00Z", Duration.ofMinutes(1)))),
                Arguments.of(new TaskOutcome.Exited(3), 2, 3, Optional.of(failed("task exited with code 3"))),
                Arguments.of(new TaskOutcome.Exited(137), 0, 1,
                        Optional.of(failed("task exited with code 137 (killed by signal 9)"))),
                Arguments.of(new TaskOutcome.TimedOut(Duration.ofSeconds(90)), 0, 1,
                        Optional.of(failed("execution_timeout of 90s exceeded; the task was stopped"))),
                Arguments.of(new TaskOutcome.TimedOut(Duration.ofMillis(1500)), 0, 1,
                        Optional.of(failed("execution_timeout of 1.5s exceeded; the task was stopped"))),
                Arguments.of(new TaskOutcome.Stopped(sigterm), 1, 1, Optional.of(retry("the worker received SIGTERM",
                        "the worker received SIGTERM; try 2 of 2 not before 2024-06-01T12:01:00Z", Duration.ofMinutes(1)))),
                Arguments.of(new TaskOutcome.Stopped(revoke), 1, 1, Optional.empty()),
                Arguments.of(new TaskOutcome.Lost("changed externally"), 1, 1, Optional.empty()),
                Arguments.of(new TaskOutcome.FailedToStart("could not start x: No such file"), 0, 1,
                        Optional.of(failed("could not start x: No such file"))));
    }

    @ParameterizedTest(name = "{0}, retries {1}, try {2}")
    @MethodSource("outcomes")
    void decidesWhatTheWorkerRecords(TaskOutcome outcome, int retries, int tryNumber, Optional<FinalState> expected) {
        TaskDefinition task = new TaskDefinition("t", new TaskAction.Bash("true"), List.of(), retries, Duration.ofMinutes(1),
                false, Optional.empty(), Optional.empty(), "default", Optional.empty(), 1, Map.of(), Map.of(),
                Optional.empty(), 0);

        assertThat(FinalStateDecision.decide(outcome, task, tryNumber, retries, NOW)).isEqualTo(expected);
    }

    @Test
    void aClearedTaskInstanceGetsItsRetriesAgainFromTheTryItWasClearedAt() {
        TaskDefinition task = new TaskDefinition("t", new TaskAction.Bash("true"), List.of(), 2, Duration.ofMinutes(1),
                false, Optional.empty(), Optional.empty(), "default", Optional.empty(), 1, Map.of(), Map.of(),
                Optional.empty(), 0);
        int maxTriesAfterClearingTry3 = 3 + 2;

        assertThat(FinalStateDecision.decide(new TaskOutcome.Exited(1), task, 4, maxTriesAfterClearingTry3, NOW))
                .contains(retry("task exited with code 1", "task exited with code 1; try 5 of 6 not before "
                        + "2024-06-01T12:01:00Z", Duration.ofMinutes(1)));
        assertThat(FinalStateDecision.decide(new TaskOutcome.Exited(1), task, 6, maxTriesAfterClearingTry3, NOW))
                .contains(failed("task exited with code 1"));
    }
}
