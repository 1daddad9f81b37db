package io.taskpod.store.dag;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the {@code dag} table: what the scheduler last parsed of a DAG, and whether it is paused.
 *
 * @param fileloc the DAG file relative to the DAGs folder, as {@code Dag.relativeFileloc()}; workers load it
 * @param schedule the schedule as written ({@code @daily}, a cron expression, {@code @once}), empty for none
 * @param active false once the DAG is no longer found in the DAGs folder
 * @param nextDagrun logical date of the next scheduled run, for display
 */
public record DagRecord(
        String dagId,
        String fileloc,
        String description,
        Optional<String> schedule,
        boolean paused,
        boolean active,
        int maxActiveRuns,
        int maxActiveTasks,
        Optional<Instant> nextDagrun,
        Instant lastParsedAt) {

    public DagRecord {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(fileloc, "fileloc");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(nextDagrun, "nextDagrun");
        Objects.requireNonNull(lastParsedAt, "lastParsedAt");
    }
}
