package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.ChangeHorizon;
import io.taskpod.store.task.TaskInstanceChanges;
import io.taskpod.store.task.TaskInstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunStatesTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final RunKey R1 = new RunKey("dag", "r1");
    private static final RunKey R2 = new RunKey("dag", "r2");

    private final RunStates states = new RunStates();

    @Test
    void runsAreReadInFullOnceThenOnlyTheirChangesAreApplied() {
        assertThat(states.update(changes(10, 10), List.of(R1), T0)).containsExactly(R1);
        states.follow(List.of(R1), List.of(status(R1, "a", TaskState.NONE)));

        assertThat(states.update(changes(12, 12, status(R1, "a", TaskState.SCHEDULED), status(R2, "a", TaskState.QUEUED)),
                List.of(R1, R2), T0.plusSeconds(1))).containsExactly(R2);
        assertThat(states.horizon()).contains(new ChangeHorizon(12, 12));
        assertThat(states.anyScheduled()).as("R1's change applied").isTrue();
        states.follow(List.of(R2), List.of(status(R2, "a", TaskState.QUEUED)));

        assertThat(states.update(changes(13, 13), List.of(R2), T0.plusSeconds(2))).isEmpty();
        assertThat(states.of(R1)).as("a run no longer running is forgotten").isEmpty();
    }

    @Test
    void aHorizonHeldBackByAnOpenTransactionMakesRunsBeReadInFullUntilItMoves() {
        states.update(changes(10, 11), List.of(R1), T0);
        states.follow(List.of(R1), List.of());

        Instant justBefore = T0.plus(RunStates.HELD_BACK_LIMIT);
        assertThat(states.update(changes(10, 15), List.of(R1), justBefore)).isEmpty();
        assertThat(states.update(changes(10, 16), List.of(R1), justBefore.plusMillis(1))).containsExactly(R1);
        assertThat(states.update(changes(10, 17), List.of(R1), justBefore.plusSeconds(5))).containsExactly(R1);

        assertThat(states.update(changes(17, 17), List.of(R1), justBefore.plusSeconds(6))).isEmpty();
    }

    @Test
    void anIdleDatabaseDoesNotHoldTheHorizonBack() {
        states.update(changes(10, 10), List.of(R1), T0);
        states.follow(List.of(R1), List.of());

        assertThat(states.update(changes(10, 10), List.of(R1), T0.plus(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void aRetryIsDueOnceItsTimeHasCome() {
        states.update(changes(1, 1), List.of(R1), T0);
        states.follow(List.of(R1), List.of(new TaskInstanceStatus(key(R1, "a"), TaskState.UP_FOR_RETRY,
                Optional.of(T0.plusSeconds(30)))));

        assertThat(states.retryDue(T0.plusSeconds(29))).isFalse();
        assertThat(states.retryDue(T0.plusSeconds(30))).isTrue();
    }

    private static TaskInstanceChanges changes(long xmin, long xmax, TaskInstanceStatus... changed) {
        return new TaskInstanceChanges(List.of(changed), new ChangeHorizon(xmin, xmax));
    }

    private static TaskInstanceStatus status(RunKey run, String taskId, TaskState state) {
        return new TaskInstanceStatus(key(run, taskId), state, Optional.empty());
    }

    private static TaskInstanceKey key(RunKey run, String taskId) {
        return new TaskInstanceKey(run.dagId(), taskId, run.runId(), 1, -1);
    }
}
