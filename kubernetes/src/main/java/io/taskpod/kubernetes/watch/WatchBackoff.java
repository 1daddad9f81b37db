package io.taskpod.kubernetes.watch;

import java.time.Duration;

/**
 * How long a watcher waits before reopening a watch or listing again after {@code failures} attempts in a row that
 * delivered nothing: at once the first time (a watch the server ended normally reopens without delay), then 1 s,
 * doubling up to 30 s, fabric8's and client-go's shape.
 */
public record WatchBackoff(Duration first, Duration max) {

    public static final WatchBackoff DEFAULT = new WatchBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long millis = first.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
