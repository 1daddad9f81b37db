package io.taskpod.store.run;

import java.util.Objects;

/** Identifies one DAG run. */
public record RunKey(String dagId, String runId) {

    public RunKey {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String toString() {
        return dagId + " run=" + runId;
    }
}
