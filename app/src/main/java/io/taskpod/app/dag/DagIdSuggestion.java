package io.taskpod.app.dag;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean": the known id closest to a mistyped one, when it is close enough to be the one meant. */
public final class DagIdSuggestion {

    private DagIdSuggestion() {}

    /**
     * The known id that differs from {@code typed} by case only, contains it or is contained in it, or is within a
     * third of its length in edits (at least 2); the closest first. Empty when none is.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        LevenshteinDistance distance = new LevenshteinDistance(Math.max(2, wanted.length() / 3));
        return known.stream()
                .filter(id -> !id.equals(typed))
                .map(id -> new Candidate(id, score(wanted, id.toLowerCase(Locale.ROOT), distance)))
                .filter(candidate -> candidate.score() >= 0)
                .min(Comparator.comparingInt(Candidate::score).thenComparing(Candidate::id))
                .map(Candidate::id);
    }

    /** {@code "; did you mean 'x'?"}, or nothing. */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(id -> "; did you mean '" + id + "'?").orElse("");
    }

    private record Candidate(String id, int score) {}

    private static int score(String wanted, String id, LevenshteinDistance distance) {
        if (id.equals(wanted)) {
            return 0;
        }
        if (wanted.length() >= 3 && (id.contains(wanted) || wanted.contains(id))) {
            return 1;
        }
        int edits = distance.apply(wanted, id);
        return edits < 0 ? -1 : 1 + edits;
    }
}
