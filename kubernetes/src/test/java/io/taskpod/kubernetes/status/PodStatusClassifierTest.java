package io.taskpod.kubernetes.status;

import static io.taskpod.kubernetes.status.PodEventType.ADDED;
import static io.taskpod.kubernetes.status.PodEventType.DELETED;
import static io.taskpod.kubernetes.status.PodEventType.LISTED;
import static io.taskpod.kubernetes.status.PodEventType.MODIFIED;
import static io.taskpod.kubernetes.status.PodFixture.CREATED;
import static io.taskpod.kubernetes.status.PodFixture.failedPod;
import static io.taskpod.kubernetes.status.PodFixture.pendingPod;
import static io.taskpod.kubernetes.status.PodFixture.podInPhase;
import static io.taskpod.kubernetes.status.PodFixture.runningPod;
import static io.taskpod.kubernetes.status.PodFixture.succeededPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusClassifierTest {

    private static final Set<String> FATAL = Set.of("CreateContainerConfigError", "ErrImagePull", "CreateContainerError",
            "ImageInspectError", "InvalidImageName");
    private static final PodStatusClassifier CLASSIFIER = new PodStatusClassifier(PodFixture.SCHEDULER, FATAL, 3,
            Duration.ofMinutes(5));
    private static final Instant SOON = CREATED.plusSeconds(10);

    /** Rows: what was observed → the outcome's one-line summary. */
    static Stream<Arguments> table() {
        return Stream.of(
                row("revoked pod is ignored", MODIFIED, failedPod("p").label(PodLabels.POD_REVOKED, "True"), 0, "Revoked"),
                row("relabelled to another scheduler", DELETED, runningPod("p").ownedBy("sched-2"), 0,
                        "LeftWatch: now owned by scheduler sched-2"),
                row("labelled done", DELETED, succeededPod("p").label(PodLabels.EXECUTOR_DONE, "True"), 0,
                        "LeftWatch: labelled done"),
                row("vanished while still ours and running", DELETED, runningPod("p"), 0,
                        "Failed: pod p was deleted while running (phase Running)"),
                row("virtual kubelet ProviderFailed", MODIFIED, runningPod("p").podReason("ProviderFailed", "out of capacity"), 0,
                        "Failed: pod p failed: pod reason ProviderFailed (out of capacity)"),
                row("pending, nothing known yet", ADDED, pendingPod("p"), 0, "Pending"),
                row("pending, pulling", MODIFIED, pendingPod("p").waiting("ContainerCreating"), 0,
                        "Pending: container base waiting: ContainerCreating"),
                row("fatal ErrImagePull", MODIFIED, pendingPod("p").waiting("base", "ErrImagePull", "manifest unknown"), 0,
                        "DeleteAndFail: pod p cannot start: container base waiting: ErrImagePull: manifest unknown"),
                row("ErrImagePull 'pull QPS exceeded' is a blip", MODIFIED,
                        pendingPod("p").waiting("base", "ErrImagePull", "pull QPS exceeded"), 0,
                        "Pending: container base waiting: ErrImagePull: pull QPS exceeded"),
                row("fatal reason in an init container", MODIFIED,
                        pendingPod("p").initWaiting("init-db", "CreateContainerConfigError").waiting("PodInitializing"), 0,
                        "DeleteAndFail: pod p cannot start: init container init-db waiting: CreateContainerConfigError"),
                row("fatal reason in a sidecar, not the first container", MODIFIED,
                        pendingPod("p").waiting("PodInitializing").waiting("proxy", "InvalidImageName", null), 0,
                        "DeleteAndFail: pod p cannot start: container proxy waiting: InvalidImageName"),
                row("ImagePullBackOff below the threshold", MODIFIED, pendingPod("p").waiting("ImagePullBackOff"), 1,
                        "Pending: container base waiting: ImagePullBackOff [backoff]"),
                row("ImagePullBackOff reaching the threshold", MODIFIED, pendingPod("p").waiting("ImagePullBackOff"), 2,
                        "DeleteAndFail: pod p cannot pull its image (ImagePullBackOff seen 3 times): container base waiting: ImagePullBackOff"),
                row("pending past the timeout, unschedulable", LISTED,
                        pendingPod("p").createdAt(CREATED.minusSeconds(300)).unschedulable("0/3 nodes are available: 3 Insufficient memory."), 0,
                        "DeleteAndFail: pod p was Pending longer than the pending timeout (300 s): Unschedulable: 0/3 nodes are available: 3 Insufficient memory."),
                row("pending past the timeout, waiting", MODIFIED,
                        pendingPod("p").createdAt(CREATED.minusSeconds(3600)).waiting("ContainerCreating"), 0,
                        "DeleteAndFail: pod p was Pending longer than the pending timeout (300 s): container base waiting: ContainerCreating"),
                row("pending pod deleted", DELETED, pendingPod("p").deleting().waiting("ContainerCreating"), 0,
                        "Failed: pod p was deleted before it started: container base waiting: ContainerCreating"),
                row("pending pod being deleted, not gone yet", MODIFIED, pendingPod("p").deleting(), 0, "Pending"),
                row("failed: OOMKilled", MODIFIED, failedPod("p").terminated("base", 137, "OOMKilled"), 0,
                        "Failed: pod p failed: container base OOMKilled (exit code 137) [oom]"),
                row("failed: evicted", MODIFIED, failedPod("p").podReason("Evicted", "The node was low on resource: memory.")
                        .terminated("base", 137, "ContainerStatusUnknown"), 0,
                        "Failed: pod p failed: pod reason Evicted (The node was low on resource: memory.); container base ContainerStatusUnknown (exit code 137)"),
                row("failed: init container first", MODIFIED, failedPod("p").initTerminated("git-sync", 1, "Error", "auth failed")
                        .terminated("base", 1, "Error"), 0,
                        "Failed: pod p failed: init container git-sync Error (exit code 1): auth failed"),
                row("failed: no container details", MODIFIED, failedPod("p"), 0, "Failed: pod p failed (phase Failed)"),
                row("worker refused the try", MODIFIED, failedPod("p").terminated("base", 75, "Error"), 0, "Refused: p"),
                row("sidecar exit 75 is not a refusal", MODIFIED, failedPod("p").terminated("base", 1, "Error")
                        .terminated("proxy", 75, "Error"), 0, "Failed: pod p failed: container base Error (exit code 1)"),
                row("succeeded", MODIFIED, succeededPod("p"), 0, "Succeeded"),
                row("succeeded, then deleted", DELETED, succeededPod("p").deleting(), 0, "Succeeded"),
                row("running", MODIFIED, runningPod("p"), 0, "Running"),
                row("running, graceful deletion under way", MODIFIED, runningPod("p").deleting(), 0, "Running"),
                row("running pod deleted", DELETED, runningPod("p").deleting(), 0,
                        "Failed: pod p was deleted while running (phase Running)"),
                row("unknown phase", MODIFIED, podInPhase("p", "Unknown"), 0, "UnknownPhase: Unknown"));
    }

    private static Arguments row(String name, PodEventType type, PodFixture pod, int sightings, String expected) {
        return Arguments.of(name, type, pod, sightings, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifies(String name, PodEventType type, PodFixture pod, int sightings, String expected) {
        assertThat(summary(CLASSIFIER.classify(type, pod.build(), SOON, sightings))).isEqualTo(expected);
    }

    @Test
    void emptyFatalListAndZeroThresholdOnlyLeaveThePendingTimeout() {
        PodStatusClassifier lenient = new PodStatusClassifier(PodFixture.SCHEDULER, Set.of(), 0, Duration.ofMinutes(5));
        assertThat(lenient.classify(MODIFIED, pendingPod("p").waiting("ErrImagePull").build(), SOON, 0))
                .isInstanceOf(PodOutcome.Pending.class);
        assertThat(lenient.classify(MODIFIED, pendingPod("p").waiting("ImagePullBackOff").build(), SOON, 100))
                .isInstanceOf(PodOutcome.Pending.class);
        assertThat(lenient.classify(MODIFIED, pendingPod("p").waiting("ImagePullBackOff").build(),
                CREATED.plus(Duration.ofMinutes(5)), 100)).isInstanceOf(PodOutcome.DeleteAndFail.class);
    }

    @Test
    void imagePullBackOffIsDetectedForTheCallersCount() {
        assertThat(PodStatusClassifier.isInImagePullBackOff(pendingPod("p").waiting("ImagePullBackOff").build())).isTrue();
        assertThat(PodStatusClassifier.isInImagePullBackOff(pendingPod("p").waiting("ErrImagePull").build())).isFalse();
    }

    @Test
    void failureDetailsCarryTheStructuredFields() {
        PodOutcome outcome = CLASSIFIER.classify(MODIFIED, failedPod("p").terminated("base", 137, "OOMKilled").build(), SOON, 0);
        assertThat(outcome).isInstanceOfSatisfying(PodOutcome.Failed.class, failed -> {
            FailureDetails details = failed.details();
            assertThat(details.phase()).isEqualTo("Failed");
            assertThat(details.namespace()).isEqualTo("default");
            assertThat(details.container()).contains(new ContainerDetail(false, "base", ContainerDetail.State.TERMINATED,
                    Optional.of("OOMKilled"), Optional.empty(), Optional.of(137)));
            assertThat(details.oomKilled()).isTrue();
        });
    }

    static String summary(PodOutcome outcome) {
        return switch (outcome) {
            case PodOutcome.Revoked r -> "Revoked";
            case PodOutcome.LeftWatch left -> "LeftWatch: " + left.reason();
            case PodOutcome.Pending pending -> "Pending" + pending.waiting().map(w -> ": " + w.describe()).orElse("")
                    + (pending.imagePullBackOff() ? " [backoff]" : "");
            case PodOutcome.Running r -> "Running";
            case PodOutcome.Succeeded s -> "Succeeded";
            case PodOutcome.Failed failed -> "Failed: " + failed.details().describe()
                    + (failed.details().oomKilled() ? " [oom]" : "");
            case PodOutcome.DeleteAndFail delete -> "DeleteAndFail: " + delete.details().describe();
            case PodOutcome.Refused refused -> "Refused: " + refused.podName();
            case PodOutcome.UnknownPhase unknown -> "UnknownPhase: " + unknown.phase();
        };
    }
}
