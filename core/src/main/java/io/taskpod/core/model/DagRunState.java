package io.taskpod.core.model;

import java.util.Locale;

/** DAG run states, as Airflow names them. */
public enum DagRunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCESS || this == FAILED;
    }

    public static DagRunState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
