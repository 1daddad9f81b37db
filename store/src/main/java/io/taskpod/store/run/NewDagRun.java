package io.taskpod.store.run;

import io.taskpod.core.model.DagRunState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A DAG run to insert. Scheduled and manual runs start {@code queued} (the scheduler starts them within
 * {@code max_active_runs}); a {@code dags test} run starts {@code running}.
 *
 * @param conf the run's {@code conf} as a JSON object text, if any
 */
public record NewDagRun(
        RunKey key,
        RunType runType,
        DagRunState state,
        Instant logicalDate,
        Optional<Instant> dataIntervalStart,
        Optional<Instant> dataIntervalEnd,
        Optional<String> conf,
        String createdBy,
        Instant createdAt) {

    public NewDagRun {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(runType, "runType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dataIntervalStart, "dataIntervalStart");
        Objects.requireNonNull(dataIntervalEnd, "dataIntervalEnd");
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (state.isFinished()) {
            throw new IllegalArgumentException("a new run starts queued or running, not " + state);
        }
    }
}
