package io.taskpod.kubernetes.watch;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The time a {@link KubernetesJobWatcher} keeps: its clock, how long a watch may stay silent before it counts as
 * dead ({@code silenceLimit}), and the backoff between reopened watches and retried lists.
 */
public record WatchTiming(Clock clock, Duration silenceLimit, WatchBackoff backoff) {

    public WatchTiming {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(silenceLimit, "silenceLimit");
        Objects.requireNonNull(backoff, "backoff");
    }
}
