package io.taskpod.app.dag;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as DAG files write them: a number of seconds ({@code 30}, {@code 1.5}), units ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}) or ISO-8601 ({@code PT30S}); command options read them too.
 */
public final class DurationText {

    public static final String EXPECTED = "a duration such as 30 (seconds), 30s, 5m, 1h30m, 2d or PT30S";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private DurationText() {}

    /** The duration, or empty when the text is not one of the accepted forms or is negative. */
    public static Optional<Duration> parse(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        }
        if (value instanceof Double seconds) {
            return seconds < 0 || seconds.isNaN() || seconds.isInfinite() ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
        }
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        String compact = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (compact.isEmpty()) {
            return Optional.empty();
        }
        if (compact.startsWith("p")) {
            try {
                Duration duration = Duration.parse(compact.toUpperCase(Locale.ROOT));
                return duration.isNegative() ? Optional.empty() : Optional.of(duration);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (compact.matches("\\d+(\\.\\d+)?")) {
            return Optional.of(Duration.ofNanos(Math.round(Double.parseDouble(compact) * 1e9)));
        }
        if (!WHOLE.matcher(compact).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(compact);
        while (part.find()) {
            double amount = Double.parseDouble(part.group(1));
            long nanosPerUnit = switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            total = total.plusNanos(Math.round(amount * nanosPerUnit));
        }
        return Optional.of(total);
    }
}
