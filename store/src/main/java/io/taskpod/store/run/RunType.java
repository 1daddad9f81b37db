package io.taskpod.store.run;

import java.util.Locale;

/** Why a DAG run exists: created on schedule, triggered by a user, or run by {@code dags test}. */
public enum RunType {
    SCHEDULED,
    MANUAL,
    TEST;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
