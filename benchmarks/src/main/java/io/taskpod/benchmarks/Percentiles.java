package io.taskpod.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles of a set of durations, in milliseconds. */
public record Percentiles(int count, double p50, double p90, double p99, double max) {

    /** The percentiles of {@code durations}; all zero when there are none. */
    public static Percentiles of(Collection<Duration> durations) {
        if (durations.isEmpty()) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        List<Double> millis = durations.stream().map(d -> d.toNanos() / 1e6).sorted().toList();
        return new Percentiles(millis.size(), rank(millis, 50), rank(millis, 90), rank(millis, 99), millis.getLast());
    }

    /** The smallest value with at least {@code percent}% of the values at or below it. */
    private static double rank(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
