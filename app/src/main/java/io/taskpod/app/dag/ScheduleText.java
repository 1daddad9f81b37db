package io.taskpod.app.dag;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.taskpod.core.dag.Schedule;
import java.util.Locale;
import java.util.Map;

/** Reads a DAG's {@code schedule}: none, {@code @once}, an Airflow preset, or a five-field cron expression. */
final class ScheduleText {

    /** Airflow's presets and the cron expressions they stand for. */
    static final Map<String, String> PRESETS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@quarterly", "0 0 1 */3 *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private ScheduleText() {}

    /** The schedule, or throws {@link IllegalArgumentException} saying what is accepted. */
    static Schedule parse(String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("none") || lower.equals("null")) {
            return new Schedule.None();
        }
        if (lower.equals("@once")) {
            return new Schedule.Once();
        }
        if (lower.startsWith("@")) {
            String cron = PRESETS.get(lower);
            if (cron == null) {
                throw new IllegalArgumentException("unknown preset '" + value + "'; expected one of @once, "
                        + PRESETS.keySet().stream().sorted().toList() + ", a cron expression, or none");
            }
            return new Schedule.Cron(value, cron);
        }
        try {
            CRON.parse(value).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid five-field cron expression (minute hour "
                    + "day-of-month month day-of-week): " + e.getMessage());
        }
        return new Schedule.Cron(value, value);
    }
}
