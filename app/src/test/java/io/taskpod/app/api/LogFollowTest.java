package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFollowTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @ParameterizedTest(name = "try {0} of a task instance at try {1}, {2}, ended {3}s ago -> {4}")
    @CsvSource({
        "1, 1, running,         , false",
        "1, 1, queued,          , false",
        "1, 1, restarting,      , false",
        "1, 1, scheduled,       , false",
        "1, 1, success,        1, false",
        "1, 1, success,        2, true",
        "1, 1, failed,        60, true",
        "1, 1, up_for_retry,  60, true",
        "1, 1, none,            , true",
        "1, 2, running,         , true",
        "2, 2, running,         , false",
    })
    void aLogIsCompleteOnceItsTryHasEndedAndSettled(int tryNumber, int current, String state, Integer endedAgo,
            boolean complete) {
        TaskInstance ti = new TaskInstance(new TaskInstanceKey("d", "t", "r", current, -1), TaskState.fromDb(state),
                "default", Optional.empty(), 1, 1, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.ofNullable(endedAgo).map(s -> NOW.minusSeconds(s)),
                Optional.empty(), Optional.empty());

        assertThat(LogFollow.complete(ti, tryNumber, NOW)).isEqualTo(complete);
    }
}
