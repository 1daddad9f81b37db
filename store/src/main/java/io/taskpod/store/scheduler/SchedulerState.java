package io.taskpod.store.scheduler;

import java.util.Locale;

/** States of a {@code scheduler} row. */
public enum SchedulerState {
    /** Working and heartbeating (or believed to be until its heartbeat is older than the health threshold). */
    RUNNING,
    /** Stopped cleanly. */
    STOPPED,
    /** Declared dead by another scheduler because its heartbeat stopped. */
    FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SchedulerState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
