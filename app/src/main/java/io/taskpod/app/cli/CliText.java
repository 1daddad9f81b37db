package io.taskpod.app.cli;

import java.time.Instant;

/** How commands echo what a user typed: whole when short, cut with its length when long. */
final class CliText {

    static final int MAX_ECHO = 120;

    private CliText() {}

    /** An instant to the second, as tables show it: {@code 2025-01-01T06:00:00Z}. */
    static String time(Instant instant) {
        return instant.toString().replaceFirst("\\.\\d+Z$", "Z");
    }

    static String quote(String value) {
        return value.length() <= MAX_ECHO ? value
                : value.substring(0, MAX_ECHO) + "… (" + value.length() + " characters)";
    }
}
