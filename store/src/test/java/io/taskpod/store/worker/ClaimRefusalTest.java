package io.taskpod.store.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimRefusalTest {

    private static final TaskInstanceId ID = new TaskInstanceId("etl", "load", "run1", -1);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(null, 0, 1, ""),
                Arguments.of(TaskState.QUEUED, 1, 1, ""),
                Arguments.of(TaskState.QUEUED, 1, 0, "launch 1 of try 1 was revoked: the try was queued again as launch 2"),
                Arguments.of(TaskState.QUEUED, 2, 1, "try 1 is stale: the task instance is at try 2"),
                Arguments.of(TaskState.RUNNING, 1, 1, "already running elsewhere"),
                Arguments.of(TaskState.SUCCESS, 1, 1, "already ended: success"),
                Arguments.of(TaskState.FAILED, 1, 1, "already ended: failed"),
                Arguments.of(TaskState.UP_FOR_RETRY, 1, 1, "already ended: up_for_retry"),
                Arguments.of(TaskState.SCHEDULED, 1, 1, "not queued but scheduled"),
                Arguments.of(TaskState.NONE, 1, 1, "it was reset or not yet queued"));
    }

    /** The row is at launch 2; {@code workerTry} 0 stands for a worker of the same try but launch 1. */
    @ParameterizedTest(name = "{0} at try {1}, worker for try {2}")
    @MethodSource("cases")
    void explainsWhyATryMayNotRun(TaskState state, int rowTry, int workerTry, String expected) {
        Optional<TryState> row = Optional.ofNullable(state).map(s -> new TryState(s, rowTry, 2, Optional.of("h"),
                Optional.of(1L), Optional.empty(), 0));
        boolean earlierLaunch = workerTry == 0;

        Optional<String> reason = ClaimRefusal.reason(ID, earlierLaunch ? rowTry : workerTry, earlierLaunch ? 1 : 2, row);

        if (state == TaskState.QUEUED && rowTry == workerTry) {
            assertThat(reason).isEmpty();
        } else if (state == null) {
            assertThat(reason).contains("there is no task instance " + ID + " in the database");
        } else {
            assertThat(reason).get().asString().contains(expected);
        }
    }
}
