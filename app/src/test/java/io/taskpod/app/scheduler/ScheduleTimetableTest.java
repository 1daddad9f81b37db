package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.dag.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTimetableTest {

    private static Schedule schedule(String text) {
        return switch (text) {
            case "none" -> new Schedule.None();
            case "@once" -> new Schedule.Once();
            default -> new Schedule.Cron(text, text);
        };
    }

    private static Optional<Instant> instant(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
    }

    @ParameterizedTest(name = "{0} start={1} catchup={2} latest={3} now={4} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // schedule   | start date           | catchup | latest run           | now                  | limit | due logical dates
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-03T12:00:00Z | 10    | 2025-01-01T00:00:00Z 2025-01-02T00:00:00Z",
        "0 0 * * *    | 2025-01-01T00:00:00Z | false   | -                    | 2025-01-03T12:00:00Z | 10    | 2025-01-02T00:00:00Z",
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | 2025-01-01T00:00:00Z | 2025-01-03T12:00:00Z | 10    | 2025-01-02T00:00:00Z",
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | 2025-01-02T00:00:00Z | 2025-01-03T12:00:00Z | 10    | ''",
        "0 0 * * *    | 2025-01-01T00:00:00Z | false   | 2024-12-01T00:00:00Z | 2025-01-03T12:00:00Z | 10    | 2025-01-02T00:00:00Z",
        "0 0 * * *    | 2025-01-01T10:30:00Z | true    | -                    | 2025-01-04T00:00:00Z | 10    | 2025-01-02T00:00:00Z 2025-01-03T00:00:00Z",
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-02T00:00:00Z | 10    | 2025-01-01T00:00:00Z",
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-01T23:59:59Z | 10    | ''",
        "0 0 * * *    | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-10T00:00:00Z | 3     | 2025-01-01T00:00:00Z 2025-01-02T00:00:00Z 2025-01-03T00:00:00Z",
        "0 * * * *    | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-01T02:30:00Z | 10    | 2025-01-01T00:00:00Z 2025-01-01T01:00:00Z",
        "*/15 * * * * | 2025-01-01T00:00:00Z | false   | -                    | 2025-01-01T01:07:00Z | 10    | 2025-01-01T00:45:00Z",
        "@once        | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-05T00:00:00Z | 10    | 2025-01-01T00:00:00Z",
        "@once        | 2025-01-01T00:00:00Z | true    | 2025-01-01T00:00:00Z | 2025-01-05T00:00:00Z | 10    | ''",
        "@once        | 2025-01-06T00:00:00Z | true    | -                    | 2025-01-05T00:00:00Z | 10    | ''",
        "none         | 2025-01-01T00:00:00Z | true    | -                    | 2025-01-05T00:00:00Z | 10    | ''",
        "0 0 * * *    | -                    | true    | -                    | 2025-01-05T00:00:00Z | 10    | ''",
    })
    void dueRunsFollowAirflowsDataIntervals(String schedule, String start, boolean catchup, String latest, String now,
            int limit, String expected) {
        List<ScheduleTimetable.ScheduledRun> due = ScheduleTimetable.dueRuns(schedule(schedule.trim()), instant(start),
                catchup, instant(latest), Instant.parse(now), limit);

        assertThat(due.stream().map(r -> r.logicalDate().toString()).collect(Collectors.joining(" "))).isEqualTo(expected);
    }

    @Test
    void aRunCoversTheIntervalUpToTheNextTickAndIsNamedAfterItsLogicalDate() {
        ScheduleTimetable.ScheduledRun run = ScheduleTimetable.dueRuns(new Schedule.Cron("@daily", "0 0 * * *"),
                instant("2025-01-01T00:00:00Z"), true, Optional.empty(), Instant.parse("2025-01-02T00:00:00Z"), 1).getFirst();

        assertThat(run.interval()).isEqualTo(new ScheduleTimetable.DataInterval(
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z")));
        assertThat(run.runId()).isEqualTo("scheduled__2025-01-01T00:00:00+00:00");
    }

    @Test
    void theNextRunIsKnownBeforeItIsDue() {
        Optional<ScheduleTimetable.ScheduledRun> next = ScheduleTimetable.nextRun(new Schedule.Cron("@daily", "0 0 * * *"),
                instant("2025-01-01T00:00:00Z"), true, instant("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T05:00:00Z"));

        assertThat(next.orElseThrow().logicalDate()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
    }

    @Test
    void anInvalidCronExpressionIsReportedWithTheScheduleText() {
        assertThatThrownBy(() -> ScheduleTimetable.dueRuns(new Schedule.Cron("every day", "61 * * * *"),
                instant("2025-01-01T00:00:00Z"), true, Optional.empty(), Instant.parse("2025-01-02T00:00:00Z"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'61 * * * *'").hasMessageContaining("every day");
    }

    @ParameterizedTest
    @CsvSource({
        "2025-01-01T00:00:00Z, scheduled__2025-01-01T00:00:00+00:00",
        "2025-06-30T13:05:09.123456Z, scheduled__2025-06-30T13:05:09.123456+00:00",
        "2025-06-30T13:05:09.123456789Z, scheduled__2025-06-30T13:05:09.123456+00:00",
    })
    void runIdsUseIsoTimestampsWithAnExplicitOffset(String logicalDate, String expected) {
        assertThat(RunIds.scheduled(Instant.parse(logicalDate))).isEqualTo(expected);
    }
}
