package io.taskpod.kubernetes.cleanup;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link StalePodSweeper} did: one entry per worker pod it saw, and the scopes or calls that failed.
 *
 * @param failures namespaces that could not be listed, with the API server's answer
 */
public record StalePodReport(List<Entry> entries, List<String> failures) {

    /** What became of one pod. */
    public enum Outcome {
        /** Deleted. */
        DELETED,
        /** Would be deleted (dry run). */
        WOULD_DELETE,
        /** Left alone: running, too young, or not taskpod's. */
        KEPT,
        /** Gone before the delete reached it. */
        GONE,
        /** Changed since it was listed (e.g. a Pending pod started): not deleted. */
        CHANGED,
        /** The delete failed; the reason says why. */
        FAILED
    }

    /** One pod: where it is, what happened to it, and why. */
    public record Entry(String namespace, String name, Outcome outcome, String reason) {}

    public StalePodReport {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    /** How many pods ended with each outcome (every outcome present, zero included). */
    public Map<Outcome, Long> counts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        counts.putAll(entries.stream().collect(Collectors.groupingBy(Entry::outcome, Collectors.counting())));
        return counts;
    }

    /** True when every scope was listed and no delete failed. */
    public boolean complete() {
        return failures.isEmpty() && entries.stream().noneMatch(entry -> entry.outcome() == Outcome.FAILED);
    }
}
