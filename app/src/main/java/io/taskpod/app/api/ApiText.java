package io.taskpod.app.api;

/** How answers echo what a request sent: whole when short, cut with its length when long. */
final class ApiText {

    static final int MAX_ECHO = 200;

    private ApiText() {}

    static String quote(String value) {
        return value.length() <= MAX_ECHO ? value
                : value.substring(0, MAX_ECHO) + "… (" + value.length() + " characters)";
    }
}
