package io.taskpod.app.cli;

/** How commands echo what a user typed: whole when short, cut with its length when long. */
final class CliText {

    static final int MAX_ECHO = 120;

    private CliText() {}

    static String quote(String value) {
        return value.length() <= MAX_ECHO ? value
                : value.substring(0, MAX_ECHO) + "… (" + value.length() + " characters)";
    }
}
