package io.taskpod.store.run;

import io.taskpod.core.model.DagRunState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One row of the {@code dag_run} table. */
public record DagRunRecord(
        RunKey key,
        RunType runType,
        DagRunState state,
        Instant logicalDate,
        Optional<Instant> dataIntervalStart,
        Optional<Instant> dataIntervalEnd,
        Optional<String> conf,
        Optional<String> createdBy,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> endedAt) {

    public DagRunRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(runType, "runType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dataIntervalStart, "dataIntervalStart");
        Objects.requireNonNull(dataIntervalEnd, "dataIntervalEnd");
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public String dagId() {
        return key.dagId();
    }

    public String runId() {
        return key.runId();
    }
}
