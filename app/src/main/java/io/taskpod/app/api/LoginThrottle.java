package io.taskpod.app.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * How many password checks a username may have: at most {@code maxFailures} within {@code window} of its first
 * failure; then none until the window has passed. An attempt counts as failed from the moment it is admitted until
 * {@link #succeeded} says otherwise, so that many attempts sent at once cannot get more checks than the limit. A
 * success forgets the username. At most {@link #MAX_TRACKED} usernames are remembered: past that, windows that have
 * passed are forgotten, then the oldest.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 10_000;

    /**
     * Whether a password check may go on; when not, how long until it may.
     *
     * @param last whether this is the last attempt the window allows: if it fails, the username is locked out
     */
    record Admission(boolean admitted, boolean last, Duration retryAfter) {

        static Admission refused(Duration retryAfter) {
            return new Admission(false, false, retryAfter);
        }
    }

    /** The failures of a username since {@code since}. */
    private record Failures(Instant since, int count) {}

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> failures = new HashMap<>();

    /** @param maxFailures 0 for no limit */
    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Admits an attempt to log in as {@code username} (counting it as failed), or refuses it. */
    synchronized Admission admit(String username) {
        if (maxFailures == 0) {
            return new Admission(true, false, Duration.ZERO);
        }
        Instant now = clock.instant();
        Failures current = failures.get(username);
        if (current == null || !now.isBefore(current.since().plus(window))) {
            current = new Failures(now, 0);
        }
        if (current.count() >= maxFailures) {
            return Admission.refused(Duration.between(now, current.since().plus(window)));
        }
        if (!failures.containsKey(username)) {
            makeRoom(now);
        }
        Failures counted = new Failures(current.since(), current.count() + 1);
        failures.put(username, counted);
        return new Admission(true, counted.count() == maxFailures, Duration.ZERO);
    }

    /** The attempt admitted for {@code username} had the right password: its failures are forgotten. */
    synchronized void succeeded(String username) {
        failures.remove(username);
    }

    private void makeRoom(Instant now) {
        if (failures.size() < MAX_TRACKED) {
            return;
        }
        failures.values().removeIf(entry -> !now.isBefore(entry.since().plus(window)));
        if (failures.size() >= MAX_TRACKED) {
            failures.entrySet().stream().min(Comparator.comparing(entry -> entry.getValue().since()))
                    .map(Map.Entry::getKey).ifPresent(failures::remove);
        }
    }
}
