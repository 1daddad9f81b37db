package io.taskpod.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU times of one Linux process from {@code /proc/<pid>/stat}: its own (user + system) and that of its children it
 * has waited for. Times are in clock ticks of 10 ms ({@code USER_HZ} is 100 on Linux's mainstream architectures).
 */
public record ProcStat(Duration own, Duration reapedChildren) {

    private static final long TICK_NANOS = 10_000_000L;
    // Positions counted from the field after the command name: field 3 (state) is index 0.
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    /** The process's times, or empty when it is gone (or this is not Linux). */
    public static Optional<ProcStat> read(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The times of this JVM's process. */
    public static Optional<ProcStat> self() {
        return read(Path.of("/proc/self/stat"));
    }

    private static Optional<ProcStat> read(Path stat) {
        try {
            return Optional.of(parse(Files.readString(stat)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Parses a stat line; the command name, in parentheses, may itself hold spaces and parentheses. */
    static ProcStat parse(String line) {
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(ticks(fields[UTIME], fields[STIME]), ticks(fields[CUTIME], fields[CSTIME]));
    }

    private static Duration ticks(String user, String system) {
        return Duration.ofNanos((Long.parseLong(user) + Long.parseLong(system)) * TICK_NANOS);
    }

    /** Own plus reaped children. */
    public Duration total() {
        return own.plus(reapedChildren);
    }
}
