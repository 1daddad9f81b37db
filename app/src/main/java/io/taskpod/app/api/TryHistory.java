package io.taskpod.app.api;

import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.TaskTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tries of a task instance, read from its transition log: for each try number, the state it is in or ended in
 * (before a clear set it back to none), when it started running and when it ended. A try is over once the task instance left it (a later try, or a clear that
 * set it back to none) or reached a state it never leaves on its own.
 */
final class TryHistory {

    /**
     * One try.
     *
     * @param state the try's last state
     * @param startedAt when it last moved to running; null if it never ran
     * @param endedAt when it reached {@code state}, if that ends a try; null while it goes on
     */
    record Try(int tryNumber, String state, Instant startedAt, Instant endedAt) {}

    private TryHistory() {}

    /** @param transitions the task instance's transitions, oldest first */
    static List<Try> of(List<TaskTransition> transitions) {
        Map<Integer, List<TaskTransition>> byTry = new LinkedHashMap<>();
        for (TaskTransition transition : transitions) {
            if (transition.tryNumber() > 0) {
                byTry.computeIfAbsent(transition.tryNumber(), n -> new ArrayList<>()).add(transition);
            }
        }
        int last = byTry.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Try> tries = new ArrayList<>();
        byTry.forEach((number, ofTry) -> {
            TaskTransition latest = ofTry.getLast();
            Instant started = null;
            TaskState shown = latest.to();
            for (TaskTransition transition : ofTry) {
                if (transition.to() == TaskState.RUNNING) {
                    started = transition.changedAt();
                }
                if (transition.to() != TaskState.NONE) {
                    shown = transition.to();
                }
            }
            boolean over = number < last || ends(latest.to());
            tries.add(new Try(number, shown.dbValue(), started, over ? latest.changedAt() : null));
        });
        return tries;
    }

    /** Whether a try in {@code state} has ended: anything but waiting for, or being in, an executor. */
    static boolean ends(TaskState state) {
        return switch (state) {
            case SCHEDULED, QUEUED, RUNNING, RESTARTING -> false;
            case NONE, SUCCESS, FAILED, UP_FOR_RETRY, UPSTREAM_FAILED, SKIPPED, REMOVED -> true;
        };
    }
}
