package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One pod a {@link TestKubelet} took on, with the state of its container. Confined to the kubelet's loop thread;
 * {@link #record()} gives an immutable snapshot for other threads.
 */
final class PodRun {

    /** Where the pod is in its life on this node. */
    enum State { UNSCHEDULABLE, CREATING, RUNNING, FINISHED }

    final String namespace;
    final String name;
    final String uid;
    final NodeBehaviour behaviour;
    final PodStatuses.Placement placement;
    final Path log;
    Pod pod;
    State state;
    Optional<ContainerProcess> process = Optional.empty();
    Instant startedAt = Instant.EPOCH;
    boolean deleting;
    boolean gone;
    Optional<Integer> exitCode = Optional.empty();
    Optional<PodStatus> pendingStatus = Optional.empty();
    String writtenPhase = "";

    PodRun(Pod pod, NodeBehaviour behaviour, PodStatuses.Placement placement, Path log, State state) {
        this.pod = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.behaviour = behaviour;
        this.placement = placement;
        this.log = log;
        this.state = state;
    }

    boolean isActive() {
        return !deleting && !gone;
    }

    PodRecord record() {
        return new PodRecord(namespace, name, uid,
                Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of()),
                Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of()),
                behaviour, process.isPresent(), exitCode, writtenPhase, deleting || gone);
    }
}
