package io.taskpod.app.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a scenario's parameters and measured counts as a Markdown table row, to the test's output and appended to
 * {@code target/reliability/results.md}, the numbers {@code docs/reliability.md} publishes.
 */
public final class ReliabilityReport {

    /** The header of {@code results.md}'s table. */
    public static final String HEADER = "| scenario | seed | tasks | faults | tries | executions | pods | adoptions"
            + " | lost | duplicated | extra pods | stuck | queued twice | run time | longest recovery"
            + " | longest queued |";

    private ReliabilityReport() {}

    /** Prints and appends one row; {@code adoptions} is how many pods moved to another scheduler. */
    public static void write(FaultPlan plan, FaultLog faults, RunLedger ledger, int adoptions, Duration runTime,
            Duration taskQueuedTimeout) {
        String row = String.format(Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %.1f s |",
                plan.scenario(), plan.seed(), ledger.records().size(), faults.count(), ledger.tries(),
                ledger.executions(), ledger.pods(), adoptions, ledger.lost(), ledger.duplicated(),
                ledger.extraPods(), ledger.stuck(taskQueuedTimeout), ledger.queuedTwice(), seconds(runTime),
                seconds(faults.longestRecovery(ledger.transitions())), seconds(ledger.longestQueued()));
        append("[faults]", "results.md", HEADER, row, "");
    }

    /**
     * Prints {@code header} and {@code row} after {@code prefix}, and appends the row to
     * {@code target/reliability/FILE} (with the header and its separator when the file is new), {@code note} and the
     * time in a comment after it.
     */
    static void append(String prefix, String file, String header, String row, String note) {
        System.out.println(prefix + " " + header);
        System.out.println(prefix + " " + row);
        Path results = Path.of("target", "reliability", file);
        try {
            Files.createDirectories(results.getParent());
            if (!Files.exists(results)) {
                long columns = header.chars().filter(c -> c == '|').count() - 1;
                Files.writeString(results, header + "\n|" + "---|".repeat((int) columns) + "\n");
            }
            Files.writeString(results, row + " <!-- " + note + Instant.now() + " -->\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
