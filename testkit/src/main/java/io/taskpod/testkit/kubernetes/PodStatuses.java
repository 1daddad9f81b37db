package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The pod statuses a kubelet writes, as pure functions: scheduled and creating, waiting with a reason, running,
 * terminated, unschedulable. The container the kubelet runs ({@code base}) carries the outcome; other
 * containers of the pod are reported alongside it as healthy, init containers as completed.
 */
final class PodStatuses {

    /** Where a pod runs: node address, pod address and when the kubelet took it on. */
    record Placement(String hostIp, String podIp, Instant startTime) {}

    /** How a container ended, and for pod-level failures (eviction) the pod's reason and message. */
    record Termination(int exitCode, String reason, Optional<String> message, Instant startedAt,
            Instant finishedAt, Optional<String> podReason, Optional<String> podMessage) {

        boolean succeeded() {
            return exitCode == 0 && podReason.isEmpty() && !reason.equals("OOMKilled");
        }
    }

    private PodStatuses() {}

    static PodStatus unschedulable(Pod pod, String message, Instant now) {
        return new PodStatusBuilder().withPhase("Pending").withQosClass(qos(pod))
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage(message).withLastTransitionTime(time(now)).build())
                .build();
    }

    static PodStatus waiting(Pod pod, String runContainer, Placement placement, String reason, String message) {
        ContainerState waiting = new ContainerStateBuilder().withNewWaiting().withReason(reason)
                .withMessage(message.isEmpty() ? null : message).endWaiting().build();
        return base(pod, placement, "Pending", false)
                .withInitContainerStatuses(initStatuses(pod, placement))
                .withContainerStatuses(pod.getSpec().getContainers().stream()
                        .map(c -> status(c, pod, waiting, false)).toList())
                .build();
    }

    static PodStatus running(Pod pod, String runContainer, Placement placement, Instant startedAt) {
        ContainerState running = new ContainerStateBuilder().withNewRunning().withStartedAt(time(startedAt))
                .endRunning().build();
        return base(pod, placement, "Running", true)
                .withInitContainerStatuses(initStatuses(pod, placement))
                .withContainerStatuses(pod.getSpec().getContainers().stream()
                        .map(c -> status(c, pod, running, true)).toList())
                .build();
    }

    static PodStatus terminated(Pod pod, String runContainer, Placement placement, Termination end) {
        ContainerState outcome = new ContainerStateBuilder().withNewTerminated().withExitCode(end.exitCode())
                .withReason(end.reason()).withMessage(end.message().orElse(null))
                .withStartedAt(time(end.startedAt())).withFinishedAt(time(end.finishedAt()))
                .withContainerID(containerId(pod, runContainer)).endTerminated().build();
        PodStatusBuilder status = base(pod, placement, end.succeeded() ? "Succeeded" : "Failed", false)
                .withReason(end.podReason().orElse(null))
                .withMessage(end.podMessage().orElse(null))
                .withInitContainerStatuses(initStatuses(pod, placement))
                .withContainerStatuses(pod.getSpec().getContainers().stream()
                        .map(c -> c.getName().equals(runContainer)
                                ? status(c, pod, outcome, false)
                                : status(c, pod, completed(pod, c.getName(), end), false))
                        .toList());
        return status.build();
    }

    private static ContainerState completed(Pod pod, String container, Termination end) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                .withStartedAt(time(end.startedAt())).withFinishedAt(time(end.finishedAt()))
                .withContainerID(containerId(pod, container)).endTerminated().build();
    }

    private static PodStatusBuilder base(Pod pod, Placement placement, String phase, boolean ready) {
        String now = time(Instant.now());
        String readyValue = ready ? "True" : "False";
        String notReadyReason = phase.equals("Succeeded") || phase.equals("Failed") ? "PodCompleted"
                : "ContainersNotReady";
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", "True", null, now),
                condition("Initialized", "True", null, now),
                condition("ContainersReady", readyValue, ready ? null : notReadyReason, now),
                condition("Ready", readyValue, ready ? null : notReadyReason, now));
        return new PodStatusBuilder().withPhase(phase).withQosClass(qos(pod)).withConditions(conditions)
                .withHostIP(placement.hostIp()).withPodIP(placement.podIp())
                .withPodIPs(new PodIPBuilder().withIp(placement.podIp()).build())
                .withStartTime(time(placement.startTime()));
    }

    private static List<ContainerStatus> initStatuses(Pod pod, Placement placement) {
        Termination done = new Termination(0, "Completed", Optional.empty(), placement.startTime(),
                placement.startTime(), Optional.empty(), Optional.empty());
        return Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream()
                .map(c -> status(c, pod, completed(pod, c.getName(), done), false)).toList();
    }

    private static ContainerStatus status(Container container, Pod pod, ContainerState state, boolean running) {
        boolean started = running || state.getTerminated() != null;
        return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                .withImageID(started ? "docker.io/library/" + container.getImage() + "@sha256:test" : "")
                .withContainerID(started ? containerId(pod, container.getName()) : null)
                .withReady(running).withStarted(running).withRestartCount(0).withState(state).build();
    }

    private static PodCondition condition(String type, String value, String reason, String now) {
        return new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withLastTransitionTime(now).build();
    }

    private static String containerId(Pod pod, String container) {
        return "containerd://" + pod.getMetadata().getUid() + "-" + container;
    }

    private static String qos(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getQosClass();
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
