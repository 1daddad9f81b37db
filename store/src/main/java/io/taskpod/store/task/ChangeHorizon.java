package io.taskpod.store.task;

/**
 * Where a reader of task instance changes stands: every transaction below {@code xmin} had ended when it last read,
 * and {@code xmax} was the next transaction id to be given out. {@code xmin < xmax} means some transaction was still
 * open; one that stays open holds the horizon back.
 */
public record ChangeHorizon(long xmin, long xmax) {

    /** Whether the reader that stood here would read {@code later} as having moved on. */
    public boolean movedTo(ChangeHorizon later) {
        return Long.compareUnsigned(later.xmin, xmin) > 0;
    }

    /** Whether a transaction was open when the horizon was taken. */
    public boolean heldBack() {
        return Long.compareUnsigned(xmin, xmax) < 0;
    }
}
