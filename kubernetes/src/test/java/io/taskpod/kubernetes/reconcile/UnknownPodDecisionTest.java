package io.taskpod.kubernetes.reconcile;

import static io.taskpod.kubernetes.testing.WorkerPods.key;
import static io.taskpod.kubernetes.testing.WorkerPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.cleanup.PodFinish;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.kubernetes.testing.InMemoryTaskStates;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownPodDecisionTest {

    @ParameterizedTest(name = "pod {0} (launch {1}{2}); database: try {3} {4} by {5}, launch {6} -> {7}")
    @CsvSource(nullValues = "-", textBlock = """
            Running,   1, '',       1, queued,       sched-1, 1, Adopt
            Pending,   1, '',       1, running,      sched-1, 1, Adopt
            Failed,    1, '',       1, running,      sched-1, 1, Adopt
            Running,   1, ' revoked', 1, running,    sched-1, 1, REVOKED
            Running,   1, '',       1, queued,       sched-2, 1, LeaveAlone
            Running,   1, '',       1, running,      sched-2, 1, LeaveAlone
            Pending,   1, '',       1, running,      sched-2, 1, LeaveAlone
            Running,   1, '',       1, running,      sched-2, 2, REVOKED
            Running,   1, ' revoked', 1, running,    sched-2, 1, REVOKED
            Running,   1, '',       1, queued,       -,       1, REVOKED
            Running,   1, '',       1, queued,       sched-1, 2, REVOKED
            Running,   1, '',       2, queued,       sched-1, 1, REVOKED
            Running,   1, '',       1, scheduled,    sched-1, 1, REVOKED
            Succeeded, 1, '',       1, success,      sched-1, 1, SUCCEEDED
            Failed,    1, '',       1, up_for_retry, sched-1, 1, FAILED
            Failed,    1, '',       -, -,            -,       1, FAILED
            """)
    void decides(String phase, int launch, String revoked, Integer dbTry, String dbState, String queuedBy,
            int dbLaunch, String expected) {
        Pod pod = pod(key("t"), launch, "sched-1", phase, "1");
        if (!revoked.isBlank()) {
            pod.getMetadata().getLabels().put(PodLabels.POD_REVOKED, "True");
        }
        Optional<TaskInstance> row = dbTry == null ? Optional.empty()
                : Optional.of(new InMemoryTaskStates().put(key("t").withTryNumber(dbTry), TaskState.fromDb(dbState),
                        Optional.ofNullable(queuedBy), dbLaunch));

        UnknownPodDecision.Outcome outcome = UnknownPodDecision.decide(pod, PodIdentity.of(pod), row, "sched-1");

        if (expected.equals("Adopt")) {
            assertThat(outcome).isInstanceOf(UnknownPodDecision.Outcome.Adopt.class);
        } else if (expected.equals("LeaveAlone")) {
            assertThat(outcome).as("a sibling's try: its scheduler and the zombie check decide").isInstanceOfSatisfying(
                    UnknownPodDecision.Outcome.LeaveAlone.class, leave -> assertThat(leave.why())
                            .contains("scheduler sched-2"));
        } else {
            assertThat(outcome).isInstanceOfSatisfying(UnknownPodDecision.Outcome.CleanUp.class,
                    cleanUp -> assertThat(cleanUp.finish()).isEqualTo(PodFinish.valueOf(expected)));
        }
    }
}
