package io.taskpod.kubernetes.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StalePodRuleTest {

    private static final Instant NOW = Instant.parse("2026-01-02T12:00:00Z");
    /** Finished pods older than a day; Pending ones after 30 minutes (but the day still applies). */
    private static final StalePodRule DAY_OLD = new StalePodRule(Duration.ofDays(1), Duration.ofMinutes(30));
    /** Airflow's defaults: every finished pod, Pending ones after 30 minutes. */
    private static final StalePodRule AIRFLOW = new StalePodRule(Duration.ZERO, Duration.ofMinutes(30));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            succeeded a day and a bit ago        | Succeeded | 26h | 25h  | taskpod | DAY_OLD | delete: Succeeded, finished 1d1h ago
            succeeded an hour ago                | Succeeded | 26h | 1h   | taskpod | DAY_OLD | keep: Succeeded, finished 1h0m ago (younger than 1d0h)
            failed long ago                      | Failed    | 50h | 49h  | taskpod | DAY_OLD | delete: Failed, finished 2d1h ago
            finished, no container time          | Failed    | 30h |      | taskpod | DAY_OLD | delete: Failed, finished 1d6h ago
            succeeded a second ago, Airflow's    | Succeeded | 1m  | 1s   | taskpod | AIRFLOW | delete: Succeeded, finished 1s ago
            pending 45 minutes, Airflow's        | Pending   | 45m |      | taskpod | AIRFLOW | delete: Pending, created 45m ago
            pending 10 minutes                   | Pending   | 10m |      | taskpod | AIRFLOW | keep: Pending, created 10m ago (younger than 30m)
            pending 45 minutes, day rule         | Pending   | 45m |      | taskpod | DAY_OLD | keep: Pending, created 45m ago (younger than 1d0h)
            running for days                     | Running   | 90h |      | taskpod | AIRFLOW | keep: Running: never deleted
            unknown phase                        | Unknown   | 90h |      | taskpod | AIRFLOW | keep: Unknown: never deleted
            no status yet                        |           | 90h |      | taskpod | AIRFLOW | keep: Unknown: never deleted
            another app's finished pod           | Succeeded | 90h | 89h  | foreign | AIRFLOW | keep: not a taskpod worker pod
            executor label without an owner      | Succeeded | 90h | 89h  | noowner | AIRFLOW | keep: not a taskpod worker pod
            already being deleted                | Succeeded | 90h | 89h  | deleting| AIRFLOW | keep: already being deleted
            """)
    void decides(String name, String phase, String createdAgo, String finishedAgo, String kind, String rule,
            String expected) {
        Pod pod = pod(phase, ago(createdAgo), finishedAgo == null ? null : ago(finishedAgo), kind);

        StalePodDecision decision = (rule.equals("AIRFLOW") ? AIRFLOW : DAY_OLD).decide(pod, NOW);

        String shown = (decision instanceof StalePodDecision.Delete ? "delete: " : "keep: ") + decision.reason();
        assertThat(shown).isEqualTo(expected);
    }

    private static Instant ago(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return NOW.minus(switch (text.charAt(text.length() - 1)) {
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        });
    }

    private static Pod pod(String phase, Instant created, Instant finished, String kind) {
        Map<String, String> labels = switch (kind.strip()) {
            case "foreign" -> Map.of("app", "something-else");
            case "noowner" -> Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE);
            default -> Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE, PodLabels.WORKER, "sched-1");
        };
        PodBuilder builder = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withLabels(labels)
                .withCreationTimestamp(created.toString())
                .withDeletionTimestamp(kind.strip().equals("deleting") ? NOW.toString() : null).endMetadata();
        if (phase != null) {
            var status = builder.withNewStatus().withPhase(phase);
            if (finished != null) {
                status.addNewContainerStatus().withName("base").withNewState().withNewTerminated().withExitCode(0)
                        .withFinishedAt(finished.toString()).endTerminated().endState().endContainerStatus();
            }
            status.endStatus();
        }
        return builder.build();
    }
}
