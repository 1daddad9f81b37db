package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.scheduler.SchedulerRecord;
import io.taskpod.store.scheduler.SchedulerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdLockDecisionTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:01:00Z");

    @ParameterizedTest(name = "holder pid={0} own={1} heartbeat age={2} -> {3}")
    @CsvSource({
        "0,   false, 5,  RETRY",
        "123, true,  5,  TAKE_OVER",
        "123, false, 5,  REFUSE",
        "123, false, 31, TAKE_OVER",
        "123, false, 30, REFUSE",
        "123, false, -1, REFUSE",
    })
    void takesTheIdOnlyFromItselfOrAProcessThatStoppedHeartbeating(int pid, boolean own, int heartbeatAgeSeconds,
            IdLockDecision expected) {
        SchedulerIdLock.HeldElsewhere holder = new SchedulerIdLock.HeldElsewhere(pid, "taskpod-scheduler-x",
                Optional.empty(), own);
        Optional<SchedulerRecord> row = heartbeatAgeSeconds < 0 ? Optional.empty()
                : Optional.of(new SchedulerRecord("s1", "host", Optional.of(7L), SchedulerState.RUNNING, List.of(),
                        NOW.minusSeconds(600), NOW.minusSeconds(heartbeatAgeSeconds), Optional.empty()));

        assertThat(IdLockDecision.decide(holder, row, NOW, Duration.ofSeconds(30))).isEqualTo(expected);
    }
}
