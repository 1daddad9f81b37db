package io.taskpod.app.api;

import io.taskpod.core.model.TaskInstance;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a try's log is complete, so that a page following it can stop: the try has ended (a later try exists, or
 * the task instance is in a state that ends a try) and {@link #SETTLE} has passed since, for the lines a worker or the
 * scheduler writes just after recording the end ("final state: …", "killed externally").
 */
final class LogFollow {

    /** How long after a try's end its log may still grow. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private LogFollow() {}

    /**
     * @param current the task instance as read before its log
     * @param tryNumber the try whose log is read
     */
    static boolean complete(TaskInstance current, int tryNumber, Instant now) {
        if (current.key().tryNumber() > tryNumber) {
            return true;
        }
        if (!TryHistory.ends(current.state())) {
            return false;
        }
        return current.endedAt().map(ended -> !now.isBefore(ended.plus(SETTLE))).orElse(true);
    }
}
