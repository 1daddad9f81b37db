package io.taskpod.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark runs on, for the report: cores, JDK, operating system and load. */
public final class Machine {

    private Machine() {}

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** For example {@code 2 cores, JDK 25.0.3 (Eclipse Adoptium), Linux 6.8 amd64}. */
    public static String describe() {
        return cores() + " cores, JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or {@code unknown}. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
