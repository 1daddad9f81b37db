package io.taskpod.app.scheduler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Run ids as Airflow spells them: {@code scheduled__2025-01-01T00:00:00+00:00}, {@code manual__…}. */
public final class RunIds {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private RunIds() {}

    public static String scheduled(Instant logicalDate) {
        return "scheduled__" + iso(logicalDate);
    }

    public static String manual(Instant logicalDate) {
        return "manual__" + iso(logicalDate);
    }

    public static String backfill(Instant logicalDate) {
        return "backfill__" + iso(logicalDate);
    }

    public static String test(Instant logicalDate) {
        return "test__" + iso(logicalDate);
    }

    /**
     * An ISO-8601 UTC timestamp to the microsecond with an explicit {@code +00:00} offset, like Python's
     * {@code isoformat()}.
     */
    public static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC).toLocalDateTime().format(ISO) + "+00:00";
    }
}
