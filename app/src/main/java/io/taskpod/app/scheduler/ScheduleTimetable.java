package io.taskpod.app.scheduler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.taskpod.core.dag.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When scheduled runs are due, with Airflow's data-interval semantics. For a cron schedule the run for the
 * interval [start, end) between two consecutive ticks is due once {@code end} has passed; its logical date is
 * {@code start}. The first interval starts at the first tick at or after the start date. With catchup off, runs
 * for intervals older than the latest complete one are skipped. {@code @once} is one run at the start date. Cron
 * expressions are evaluated in UTC. A DAG without a start date gets no scheduled runs.
 */
public final class ScheduleTimetable {

    /** The data interval of a run: [start, end). */
    public record DataInterval(Instant start, Instant end) {}

    /** One scheduled run: its logical date (the interval start) and interval. */
    public record ScheduledRun(Instant logicalDate, DataInterval interval) {

        public String runId() {
            return RunIds.scheduled(logicalDate);
        }
    }

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private ScheduleTimetable() {}

    /**
     * The runs due at {@code now}, oldest first, at most {@code limit}: those after the latest scheduled run whose
     * interval has ended. Throws {@link IllegalArgumentException} for a cron expression that does not parse.
     */
    public static List<ScheduledRun> dueRuns(Schedule schedule, Optional<Instant> startDate, boolean catchup,
            Optional<Instant> latestLogicalDate, Instant now, int limit) {
        List<ScheduledRun> due = new ArrayList<>();
        Optional<Instant> latest = latestLogicalDate;
        while (due.size() < limit) {
            Optional<ScheduledRun> next = nextRun(schedule, startDate, catchup, latest, now);
            if (next.isEmpty() || next.get().interval().end().isAfter(now)) {
                break;
            }
            due.add(next.get());
            latest = Optional.of(next.get().logicalDate());
        }
        return due;
    }

    /** The next run after {@code latestLogicalDate}, due or not; empty when the schedule has no more runs. */
    public static Optional<ScheduledRun> nextRun(Schedule schedule, Optional<Instant> startDate, boolean catchup,
            Optional<Instant> latestLogicalDate, Instant now) {
        Objects.requireNonNull(schedule, "schedule");
        if (startDate.isEmpty()) {
            return Optional.empty();
        }
        return switch (schedule) {
            case Schedule.None none -> Optional.empty();
            case Schedule.Once once -> latestLogicalDate.isPresent() ? Optional.empty()
                    : Optional.of(new ScheduledRun(startDate.get(), new DataInterval(startDate.get(), startDate.get())));
            case Schedule.Cron cron -> nextCronRun(executionTime(cron), startDate.get(), catchup, latestLogicalDate, now);
        };
    }

    private static Optional<ScheduledRun> nextCronRun(ExecutionTime ticks, Instant startDate, boolean catchup,
            Optional<Instant> latest, Instant now) {
        Optional<ZonedDateTime> start = latest.isPresent()
                ? ticks.nextExecution(utc(latest.get()))
                : tickAtOrAfter(ticks, utc(startDate));
        if (start.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime begin = start.get();
        if (!catchup) {
            Optional<ZonedDateTime> latestCompleteStart = tickAtOrBefore(ticks, utc(now)).flatMap(ticks::lastExecution);
            if (latestCompleteStart.isPresent() && latestCompleteStart.get().isAfter(begin)) {
                begin = latestCompleteStart.get();
            }
        }
        Optional<ZonedDateTime> end = ticks.nextExecution(begin);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledRun(begin.toInstant(), new DataInterval(begin.toInstant(), end.get().toInstant())));
    }

    /** Parses a five-field cron expression; throws {@link IllegalArgumentException} naming it when it is invalid. */
    public static ExecutionTime executionTime(Schedule.Cron cron) {
        try {
            return ExecutionTime.forCron(PARSER.parse(cron.cron()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + cron.cron() + "' (schedule " + cron.text()
                    + "): " + e.getMessage(), e);
        }
    }

    private static Optional<ZonedDateTime> tickAtOrAfter(ExecutionTime ticks, ZonedDateTime time) {
        return isTick(ticks, time) ? Optional.of(time) : ticks.nextExecution(time);
    }

    private static Optional<ZonedDateTime> tickAtOrBefore(ExecutionTime ticks, ZonedDateTime time) {
        return isTick(ticks, time) ? Optional.of(time) : ticks.lastExecution(time);
    }

    private static boolean isTick(ExecutionTime ticks, ZonedDateTime time) {
        return time.getSecond() == 0 && time.getNano() == 0 && ticks.isMatch(time);
    }

    private static ZonedDateTime utc(Instant instant) {
        return instant.atZone(ZoneOffset.UTC);
    }
}
