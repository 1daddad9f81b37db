package io.taskpod.app.standalone;

import io.taskpod.store.run.RunKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What standalone mode prints at start: where everything is and how to use it. */
public final class StandaloneBanner {

    /**
     * @param dagCount DAGs loaded (examples included)
     * @param loadErrors DAG files that did not load
     * @param web where the HTTP server listens, e.g. {@code http://127.0.0.1:8080}; empty when {@code [api] enabled}
     *     is False
     */
    public record Facts(String schedulerId, List<String> executors, Path dagsFolder, int dagCount, int loadErrors,
            Path logFolder, String database, Optional<String> web, boolean authenticate,
            StandaloneAdmin.Login admin, List<RunKey> triggered) {}

    private StandaloneBanner() {}

    public static String text(Facts facts) {
        StringBuilder text = new StringBuilder();
        text.append("taskpod standalone is running (scheduler ").append(facts.schedulerId()).append(", executors ")
                .append(String.join(", ", facts.executors())).append(")\n");
        text.append("  DAGs folder:  ").append(facts.dagsFolder()).append(" (").append(facts.dagCount())
                .append(" DAGs loaded, bundled examples included");
        if (facts.loadErrors() > 0) {
            text.append("; ").append(facts.loadErrors()).append(" load error(s): see taskpod dags list");
        }
        text.append(")\n");
        text.append("  Task logs:    ").append(facts.logFolder()).append('\n');
        text.append("  Database:     ").append(facts.database()).append('\n');
        text.append("  Web and API:  ").append(facts.web().map(web -> web + " (web page /, health /health, metrics "
                + "/metrics)").orElse("off ([api] enabled = False)")).append('\n');
        StandaloneAdmin.Login admin = facts.admin();
        text.append("  Admin login:  ").append(admin.username()).append(" / ")
                .append(admin.newPassword().map(password -> password + " (printed this once; also in "
                        + admin.passwordFile() + ")").orElse("password in " + admin.passwordFile()))
                .append(facts.authenticate() ? "" : "; [api] authenticate is off on loopback, so the API and page "
                        + "also answer without it").append('\n');
        for (RunKey run : facts.triggered()) {
            text.append("  Triggered:    ").append(run.dagId()).append(" (run ").append(run.runId()).append(")\n");
        }
        text.append("Trigger a DAG:     taskpod dags trigger DAG_ID [--wait]\n");
        text.append("Runs of a DAG:     taskpod dags list-runs DAG_ID\n");
        text.append("See a run's tasks: taskpod tasks states DAG_ID RUN_ID (or latest)\n");
        text.append("List DAGs:         taskpod dags list\n");
        text.append("Stop:              Ctrl-C (or SIGTERM)\n");
        return text.toString();
    }
}
