package io.taskpod.app.scheduler;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a run id chosen by a user ({@code dags trigger --run-id}, {@code run_id} of the API) may be: Airflow's allowed
 * characters, at most {@value #MAX_LENGTH} of them, and not starting with a prefix of the runs taskpod names itself.
 * A manual run holding a scheduled run's id would make the scheduler skip that data interval.
 */
public final class RunIdRule {

    /** Airflow's allowed run id pattern. */
    public static final String PATTERN = "^[A-Za-z0-9_.~:+-]+$";
    /** The length of the {@code run_id} column. */
    public static final int MAX_LENGTH = 250;
    /** The prefixes of scheduled, backfill and {@code dags test} runs. */
    public static final List<String> RESERVED_PREFIXES = List.of("scheduled__", "backfill__", "test__");
    /** The run id that names a DAG's newest run wherever a run id is asked for, so no run may be called that. */
    public static final String LATEST = "latest";

    private static final Pattern ALLOWED = Pattern.compile(PATTERN);

    private RunIdRule() {}

    /** Why {@code runId} cannot name a manual run, naming {@code run_id}, the rule and the value; empty if it can. */
    public static Optional<String> problem(String runId) {
        if (runId.length() > MAX_LENGTH) {
            return Optional.of("run_id must be at most " + MAX_LENGTH + " characters, got " + runId.length() + ": '"
                    + runId.substring(0, 40) + "…'");
        }
        if (!ALLOWED.matcher(runId).matches()) {
            return Optional.of("run_id must match " + PATTERN + " (letters, digits and _ . ~ : + -), got '"
                    + (runId.length() > 80 ? runId.substring(0, 80) + "…" : runId) + "'");
        }
        if (runId.equals(LATEST)) {
            return Optional.of("run_id must not be '" + LATEST + "' (it names a DAG's newest run in commands and the "
                    + "API)");
        }
        return RESERVED_PREFIXES.stream().filter(runId::startsWith).findFirst().map(prefix -> "run_id must not start "
                + "with '" + prefix + "' (reserved for the runs taskpod creates itself), got '" + runId + "'");
    }
}
