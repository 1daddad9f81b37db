package io.taskpod.app.scheduler;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduler loop's pauses and its stop request. A pause lasts its length, or ends early when the loop is asked to
 * stop; an idle pause also ends as soon as an executor has outcomes to apply (a worker exited), signalled from any
 * thread since the last idle pause, so that a freed slot is filled at once rather than up to
 * {@code scheduler_idle_sleep_time} later. A back-off pause (database outage) ignores executors.
 */
final class LoopPause {

    /** Why a pause ended. */
    enum End {
        /** An idle pause ended early: executors have outcomes to apply. */
        WOKEN,
        /** The pause lasted its full length. */
        TIMED_OUT,
        /** The loop was asked to stop. */
        STOPPED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean stopRequested;
    private boolean eventsPending;

    /** From any thread: an executor has outcomes for its next sync. */
    void eventsPending() {
        signal(() -> eventsPending = true);
    }

    /** From any thread: the loop should stop after its current iteration. */
    void requestStop() {
        signal(() -> stopRequested = true);
    }

    boolean stopRequested() {
        lock.lock();
        try {
            return stopRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pauses up to {@code length}; until stopped or, when {@code idle}, until executors have outcomes. Returns why
     * it ended.
     */
    End await(Duration length, boolean idle) throws InterruptedException {
        lock.lock();
        try {
            long nanos = length.toNanos();
            while (nanos > 0 && !stopRequested && !(idle && eventsPending)) {
                nanos = changed.awaitNanos(nanos);
            }
            End end = stopRequested ? End.STOPPED : idle && eventsPending ? End.WOKEN : End.TIMED_OUT;
            if (idle) {
                eventsPending = false;
            }
            return end;
        } finally {
            lock.unlock();
        }
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
