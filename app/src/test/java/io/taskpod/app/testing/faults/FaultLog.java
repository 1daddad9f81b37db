package io.taskpod.app.testing.faults;

import io.taskpod.app.testing.kubernetes.MetadataQueries.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The faults a scenario injected and when each began and ended; and for each, how long the run took to move again
 * once it ended (the first state change of any of its task instances after that, from the database's log).
 */
public final class FaultLog {

    /** One fault: what it was and when it began and ended (the same instant for a kill or a cut). */
    private record Fault(String what, Instant began, Instant ended) {}

    private final List<Fault> faults = new ArrayList<>();

    public void add(String what, Instant began, Instant ended) {
        faults.add(new Fault(what, began, ended));
        System.out.println("[faults] " + what + " at " + began + (ended.equals(began) ? "" : " until " + ended));
    }

    public int count() {
        return faults.size();
    }

    /** The longest time from a fault's end to the run's next state change; zero when no fault was followed by one. */
    public Duration longestRecovery(List<Transition> transitions) {
        Duration longest = Duration.ZERO;
        for (Fault fault : faults) {
            Optional<Instant> next = transitions.stream().map(Transition::changedAt)
                    .filter(at -> at.isAfter(fault.ended())).min(Instant::compareTo);
            if (next.isPresent() && Duration.between(fault.ended(), next.get()).compareTo(longest) > 0) {
                longest = Duration.between(fault.ended(), next.get());
            }
        }
        return longest;
    }
}
