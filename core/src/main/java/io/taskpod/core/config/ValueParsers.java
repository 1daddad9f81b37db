package io.taskpod.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsers for the value types used by configuration keys. */
public final class ValueParsers {

    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "off", "0");

    private ValueParsers() {}

    public static ValueParser<String> string() {
        return String::trim;
    }

    public static ValueParser<String> nonEmptyString() {
        return raw -> {
            String value = raw.trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("a non-empty value");
            }
            return value;
        };
    }

    public static ValueParser<Boolean> bool() {
        return raw -> {
            String value = raw.trim().toLowerCase(Locale.ROOT);
            if (TRUE.contains(value)) {
                return true;
            }
            if (FALSE.contains(value)) {
                return false;
            }
            throw new IllegalArgumentException("a boolean (True or False)");
        };
    }

    public static ValueParser<Integer> integer(int min, int max) {
        return raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(describeRange("an integer", min, max));
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(describeRange("an integer", min, max));
            }
            return value;
        };
    }

    /** Seconds as a number (fractions allowed), at least {@code minSeconds}. */
    public static ValueParser<Duration> seconds(double minSeconds) {
        return raw -> {
            double value;
            try {
                value = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a number of seconds >= " + trim(minSeconds));
            }
            if (Double.isNaN(value) || Double.isInfinite(value) || value < minSeconds) {
                throw new IllegalArgumentException("a number of seconds >= " + trim(minSeconds));
            }
            return Duration.ofNanos(Math.round(value * 1_000_000_000d));
        };
    }

    public static ValueParser<Double> decimal(double min, double max) {
        return raw -> {
            double value;
            try {
                value = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a number between " + trim(min) + " and " + trim(max));
            }
            if (Double.isNaN(value) || value < min || value > max) {
                throw new IllegalArgumentException("a number between " + trim(min) + " and " + trim(max));
            }
            return value;
        };
    }

    /** A comma-separated list; items are trimmed and empty items dropped. */
    public static ValueParser<List<String>> commaList() {
        return raw -> Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One of the given words, compared without case; returns the canonical spelling. */
    public static ValueParser<String> oneOf(String... allowed) {
        return raw -> {
            for (String option : allowed) {
                if (option.equalsIgnoreCase(raw.trim())) {
                    return option;
                }
            }
            throw new IllegalArgumentException("one of " + String.join(", ", allowed));
        };
    }

    private static String describeRange(String what, int min, int max) {
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            return what;
        }
        if (max == Integer.MAX_VALUE) {
            return what + " >= " + min;
        }
        return what + " between " + min + " and " + max;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
