package io.taskpod.store.run;

import java.util.Locale;

/**
 * Why a DAG run exists: created on schedule, triggered by a user, run by {@code dags test}, or created for a past
 * data interval by {@code dags backfill}.
 */
public enum RunType {
    SCHEDULED,
    MANUAL,
    TEST,
    BACKFILL;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
