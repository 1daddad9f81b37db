package io.taskpod.core.port;

import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a worker records when its try ends.
 *
 * @param state {@code success}, {@code failed} or {@code up_for_retry}
 * @param failureReason why the try failed (stored in {@code failure_reason}); empty on success
 * @param nextRetryAt when the next try may start; present exactly when {@code state} is {@code up_for_retry}
 * @param stateReason the {@code state_reason} of the transition, e.g. {@code task exited with code 0}
 */
public record FinalState(TaskState state, Optional<String> failureReason, Optional<Instant> nextRetryAt,
        String stateReason) {

    private static final Set<TaskState> ALLOWED = EnumSet.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.UP_FOR_RETRY);

    public FinalState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(nextRetryAt, "nextRetryAt");
        Objects.requireNonNull(stateReason, "stateReason");
        if (!ALLOWED.contains(state)) {
            throw new IllegalArgumentException("a worker records success, failed or up_for_retry, not " + state.dbValue());
        }
        if (nextRetryAt.isPresent() != (state == TaskState.UP_FOR_RETRY)) {
            throw new IllegalArgumentException("nextRetryAt is set exactly for up_for_retry, got " + state.dbValue()
                    + " with nextRetryAt " + nextRetryAt);
        }
    }
}
