package io.taskpod.app.scheduler;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the scheduled runs that are due, for every unpaused DAG with a schedule. A DAG never has more than
 * {@code max_active_runs} unfinished runs created ahead, so a long catchup fills in one batch at a time. The unique
 * index on (DAG, logical date) makes a run another scheduler created first a no-op here.
 */
final class ScheduledRunCreator {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRunCreator.class);

    private final DagRepository dags;
    private final DagRunRepository runs;
    private final String schedulerId;
    private final Clock clock;
    private final SchedulerMetrics metrics;
    private final Set<String> reportedBadSchedules = new HashSet<>();
    private final Map<String, Optional<Instant>> recordedNext = new HashMap<>();

    ScheduledRunCreator(DagRepository dags, DagRunRepository runs, String schedulerId, Clock clock, SchedulerMetrics metrics) {
        this.dags = dags;
        this.runs = runs;
        this.schedulerId = schedulerId;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Returns how many runs it created. */
    int createDueRuns(DagBag bag) {
        List<Dag> scheduled = bag.dags().values().stream().filter(d -> !(d.schedule() instanceof Schedule.None)).toList();
        if (scheduled.isEmpty()) {
            return 0;
        }
        Map<String, DagRecord> rows = dags.list().stream().collect(Collectors.toMap(DagRecord::dagId, Function.identity()));
        Map<String, Instant> latest = runs.latestScheduledLogicalDates();
        Map<String, Integer> unfinished = runs.countUnfinishedByDag();
        Instant now = clock.instant();
        int created = 0;
        for (Dag dag : scheduled) {
            DagRecord row = rows.get(dag.dagId());
            if (row == null || row.paused()) {
                continue;
            }
            try {
                created += createFor(dag, Optional.ofNullable(latest.get(dag.dagId())),
                        unfinished.getOrDefault(dag.dagId(), 0), now);
            } catch (IllegalArgumentException e) {
                if (reportedBadSchedules.add(dag.dagId())) {
                    log.error("DAG {} gets no scheduled runs: {}", dag.dagId(), e.getMessage());
                }
            }
        }
        return created;
    }

    private int createFor(Dag dag, Optional<Instant> latest, int unfinished, Instant now) {
        int room = Math.max(0, dag.maxActiveRuns() - unfinished);
        List<ScheduleTimetable.ScheduledRun> due =
                ScheduleTimetable.dueRuns(dag.schedule(), dag.startDate(), dag.catchup(), latest, now, room);
        int created = 0;
        Optional<Instant> last = latest;
        for (ScheduleTimetable.ScheduledRun run : due) {
            if (runs.create(DagRunPlanner.scheduled(dag, run, schedulerId, now), DagRunPlanner.taskInstances(dag))) {
                created++;
                metrics.runsScheduled.increment();
                log.info("Created run {} of DAG {} for [{}, {})", run.runId(), dag.dagId(), run.interval().start(),
                        run.interval().end());
            }
            last = Optional.of(run.logicalDate());
        }
        recordNext(dag, ScheduleTimetable.nextRun(dag.schedule(), dag.startDate(), dag.catchup(), last, now)
                .map(ScheduleTimetable.ScheduledRun::logicalDate));
        return created;
    }

    private void recordNext(Dag dag, Optional<Instant> next) {
        if (!next.equals(recordedNext.get(dag.dagId()))) {
            dags.setNextDagrun(dag.dagId(), next);
            recordedNext.put(dag.dagId(), next);
        }
    }
}
