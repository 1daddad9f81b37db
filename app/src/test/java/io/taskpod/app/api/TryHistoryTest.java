package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.TaskTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TryHistoryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final TaskInstanceId ID = new TaskInstanceId("d", "t", "r", -1);

    /** Transitions one minute apart: "try:state" each. */
    private static List<TaskTransition> transitions(String... steps) {
        List<TaskTransition> list = new ArrayList<>();
        TaskState from = null;
        for (int i = 0; i < steps.length; i++) {
            String[] parts = steps[i].split(":");
            TaskState to = TaskState.fromDb(parts[1]);
            list.add(new TaskTransition(i, ID, Integer.parseInt(parts[0]), Optional.ofNullable(from), to,
                    Optional.of("x"), Optional.empty(), T0.plusSeconds(60L * i)));
            from = to;
        }
        return list;
    }

    @Test
    void aRetriedTaskInstanceHasOneTryPerNumberEachWithItsStartEndAndState() {
        List<TryHistory.Try> tries = TryHistory.of(transitions("0:none", "1:scheduled", "1:queued", "1:running",
                "1:up_for_retry", "2:scheduled", "2:queued", "2:running", "2:success"));

        assertThat(tries).containsExactly(
                new TryHistory.Try(1, "up_for_retry", T0.plusSeconds(180), T0.plusSeconds(240)),
                new TryHistory.Try(2, "success", T0.plusSeconds(420), T0.plusSeconds(480)));
    }

    @Test
    void aRunningTryHasNoEndAndATryClearedWhileRunningEndsWithTheStateItHadBeforeNone() {
        assertThat(TryHistory.of(transitions("0:none", "1:scheduled", "1:queued", "1:running")))
                .containsExactly(new TryHistory.Try(1, "running", T0.plusSeconds(180), null));
        assertThat(TryHistory.of(transitions("0:none", "1:scheduled", "1:queued", "1:running", "1:restarting", "1:none")))
                .containsExactly(new TryHistory.Try(1, "restarting", T0.plusSeconds(180), T0.plusSeconds(300)));
        assertThat(TryHistory.of(transitions("0:none", "0:upstream_failed"))).isEmpty();
    }

    @Test
    void anEarlierTryIsOverOnceALaterOneExistsWhateverItsLastState() {
        assertThat(TryHistory.of(transitions("1:scheduled", "1:queued", "2:scheduled")))
                .extracting(TryHistory.Try::endedAt).containsExactly(T0.plusSeconds(60), null);
    }
}
