package io.taskpod.kubernetes.reconcile;

import static io.taskpod.kubernetes.testing.WorkerPods.key;
import static io.taskpod.kubernetes.testing.WorkerPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodReconcilerTest {

    private static final Instant LISTED_AT = Instant.parse("2026-01-01T01:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(60);

    private final PodReconciler reconciler = new PodReconciler(GRACE);

    private static PodSnapshot listOf(Pod... pods) {
        return new PodSnapshot(PodScope.namespace("default"), List.of(pods), "100", LISTED_AT);
    }

    private static TrackedPod tracked(TaskInstanceKey key, Optional<Instant> createdAt) {
        return new TrackedPod(key, "default", PodIdentity.of(pod(key, "Pending")).podName(), 1, createdAt, 0,
                Optional.empty());
    }

    @Test
    void ownedPodsAreObservedAndTerminalOnesFlagged() {
        TrackedPod running = tracked(key("running"), Optional.of(LISTED_AT.minusSeconds(600)));
        TrackedPod done = tracked(key("done"), Optional.of(LISTED_AT.minusSeconds(600)));

        List<ReconcileAction> actions = reconciler.diff(listOf(pod(key("running"), "Running"), pod(key("done"), "Succeeded")),
                List.of(running, done), Set.of());

        assertThat(actions).containsExactly(new ReconcileAction.Observe(key("running"), pod(key("running"), "Running"), false),
                new ReconcileAction.Observe(key("done"), pod(key("done"), "Succeeded"), true));
    }

    @Test
    void createdPodMissingFromTheListPastTheGracePeriodIsLost() {
        TrackedPod old = tracked(key("old"), Optional.of(LISTED_AT.minus(GRACE).minusSeconds(1)));
        TrackedPod young = tracked(key("young"), Optional.of(LISTED_AT.minus(GRACE)));
        TrackedPod launching = tracked(key("launching"), Optional.empty());

        assertThat(reconciler.diff(listOf(), List.of(old, young, launching), Set.of()))
                .containsExactly(new ReconcileAction.Lost(old));
    }

    @Test
    void podsInNamespacesTheListDidNotCoverAreNotJudged() {
        TrackedPod elsewhere = new TrackedPod(key("elsewhere"), "team-b", "p", 1, Optional.of(Instant.EPOCH), 0,
                Optional.empty());

        assertThat(reconciler.diff(listOf(), List.of(elsewhere), Set.of())).isEmpty();
    }

    @Test
    void anotherLaunchOfAnOwnedTryIsStaleAndAPodOfATryNotOwnedIsUnknown() {
        TrackedPod second = new TrackedPod(key("relaunched"), "default",
                new PodIdentity(key("relaunched"), 2, "sched-1").podName(), 2, Optional.of(LISTED_AT), 0, Optional.empty());
        Pod firstLaunch = pod(key("relaunched"), 1, "sched-1", "Running", "5");
        Pod stranger = pod(key("stranger"), "Running");

        assertThat(reconciler.diff(listOf(firstLaunch, stranger), List.of(second), Set.of())).containsExactly(
                new ReconcileAction.Stale(firstLaunch, PodIdentity.of(firstLaunch)),
                new ReconcileAction.Unknown(stranger, PodIdentity.of(stranger)));
    }

    @Test
    void podsJustFinishedAndPodsWithoutIdentityAreLeftAlone() {
        Pod finished = pod(key("finished"), "Succeeded");
        Pod foreign = new PodBuilder().withNewMetadata().withName("foreign").withNamespace("default").endMetadata().build();

        assertThat(reconciler.diff(listOf(finished, foreign), List.of(), Set.of(finished.getMetadata().getName())))
                .isEmpty();
    }
}
