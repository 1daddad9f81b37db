package io.taskpod.core.executor;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a local worker runs, as the LocalExecutor reports it for the external executor id:
 * {@code local:<hostname>:<pid>}.
 */
public record LocalWorkerId(String hostname, long pid) {

    private static final String PREFIX = "local:";
    private static final Pattern FORMAT = Pattern.compile("local:(.+):(\\d{1,18})");

    public LocalWorkerId {
        Objects.requireNonNull(hostname, "hostname");
    }

    /** {@code local:<hostname>:<pid>}. */
    public String format() {
        return PREFIX + hostname + ":" + pid;
    }

    /** The id in {@code text}, or empty when it is not a local worker id (e.g. a pod's). */
    public static Optional<LocalWorkerId> parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        return matcher.matches() ? Optional.of(new LocalWorkerId(matcher.group(1), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }
}
