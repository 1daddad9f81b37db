package io.taskpod.app.operate;

import io.taskpod.app.scheduler.ScheduleTimetable;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled runs of a DAG whose logical date lies in {@code [start, end]} (both included) and whose data interval
 * has ended by {@code now}, oldest first: what {@code dags backfill} creates. None before the DAG's start date.
 */
public final class BackfillPlan {

    /** Most runs one backfill creates. */
    public static final int MAX_RUNS = 10_000;

    private BackfillPlan() {}

    /** @throws IllegalArgumentException when the DAG has no schedule, the range is reversed or too long */
    public static List<ScheduleTimetable.ScheduledRun> runs(Dag dag, Instant start, Instant end, Instant now) {
        if (dag.schedule() instanceof Schedule.None) {
            throw new IllegalArgumentException("DAG '" + dag.dagId() + "' has no schedule: a backfill creates the "
                    + "scheduled runs of a date range, so give the DAG a schedule (or trigger runs)");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the end date " + end + " is before the start date " + start);
        }
        Instant from = dag.startDate().filter(start::isBefore).orElse(start);
        List<ScheduleTimetable.ScheduledRun> runs = new ArrayList<>();
        Optional<Instant> latest = Optional.empty();
        while (true) {
            Optional<ScheduleTimetable.ScheduledRun> next = ScheduleTimetable.nextRun(dag.schedule(), Optional.of(from),
                    true, latest, now);
            if (next.isEmpty() || next.get().logicalDate().isAfter(end) || next.get().interval().end().isAfter(now)) {
                return runs;
            }
            if (runs.size() == MAX_RUNS) {
                throw new IllegalArgumentException("the range holds more than " + MAX_RUNS + " runs of DAG '"
                        + dag.dagId() + "'; backfill it in parts");
            }
            runs.add(next.get());
            latest = Optional.of(next.get().logicalDate());
        }
    }
}
