package io.taskpod.kubernetes.status;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.taskpod.core.executor.WorkerExitCode;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.pod.LabelValues;
import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies an observed worker pod, Airflow's {@code process_status} table (reference §6.4) with taskpod's
 * changes. The first matching rule wins:
 * <ol>
 *   <li>labelled {@code taskpod_pod_revoked} → {@link PodOutcome.Revoked};
 *   <li>DELETED without a deletion timestamp and now owned by another scheduler or labelled done →
 *       {@link PodOutcome.LeftWatch} (Airflow assumed "adopted" for every such event; a pod that vanished while
 *       still ours, e.g. force-deleted, is treated as deleted instead);
 *   <li>{@code status.reason ProviderFailed} (virtual kubelets), any phase → failed;
 *   <li>Pending: DELETED → failed ("deleted before it started": taskpod has no ten-minute stuck-queued wait as the
 *       only backstop, so failing at once lets the task's retries proceed, and the pod can no longer run); a
 *       container waiting with a fatal reason (skipping ErrImagePull "pull QPS exceeded") → delete and fail;
 *       ImagePullBackOff seen {@code threshold} times → delete and fail; older than the pending timeout → delete
 *       and fail, with the last waiting reason or the scheduler's Unschedulable message; else pending;
 *   <li>Failed: the base container exited with {@link WorkerExitCode#REFUSED} → {@link PodOutcome.Refused};
 *       else failed with details;
 *   <li>Succeeded → {@link PodOutcome.Succeeded} (the worker recorded the state);
 *   <li>Running: DELETED → failed ("deleted while running"); else running;
 *   <li>anything else → {@link PodOutcome.UnknownPhase}.
 * </ol>
 */
public final class PodStatusClassifier {

    static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    private static final String PULL_QPS_EXCEEDED = "pull QPS exceeded";

    private final String ownerLabel;
    private final Set<String> fatalReasons;
    private final int imagePullBackOffThreshold;
    private final Duration pendingTimeout;

    /**
     * @param imagePullBackOffThreshold sightings of ImagePullBackOff that fail a pod; 0 = never
     */
    public PodStatusClassifier(String schedulerId, Set<String> fatalReasons, int imagePullBackOffThreshold,
            Duration pendingTimeout) {
        this.ownerLabel = LabelValues.safe(Objects.requireNonNull(schedulerId, "schedulerId"));
        this.fatalReasons = Set.copyOf(fatalReasons);
        this.imagePullBackOffThreshold = imagePullBackOffThreshold;
        this.pendingTimeout = Objects.requireNonNull(pendingTimeout, "pendingTimeout");
    }

    public static PodStatusClassifier from(KubernetesExecutorSettings settings, String schedulerId) {
        return new PodStatusClassifier(schedulerId, settings.pendingChecks().fatalContainerReasons(),
                settings.pendingChecks().imagePullBackOffThreshold(),
                settings.timings().pendingTimeout());
    }

    /** True when a container of this pod is in ImagePullBackOff: the caller counts sightings per pod uid. */
    public static boolean isInImagePullBackOff(Pod pod) {
        return waitingContainers(pod).stream().anyMatch(c -> c.reason().filter(IMAGE_PULL_BACK_OFF::equals).isPresent());
    }

    /**
     * @param imagePullBackOffSightings how many earlier observations of this pod showed ImagePullBackOff
     */
    public PodOutcome classify(PodEventType type, Pod pod, Instant now, int imagePullBackOffSightings) {
        ObjectMeta meta = Optional.ofNullable(pod.getMetadata()).orElseGet(ObjectMeta::new);
        Map<String, String> labels = Optional.ofNullable(meta.getLabels()).orElse(Map.of());
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        String phase = Optional.ofNullable(status.getPhase()).orElse("Pending");
        boolean deleted = type == PodEventType.DELETED;
        if (labels.containsKey(PodLabels.POD_REVOKED)) {
            return new PodOutcome.Revoked();
        }
        if (deleted && meta.getDeletionTimestamp() == null) {
            if (!ownerLabel.equals(labels.get(PodLabels.WORKER))) {
                return new PodOutcome.LeftWatch("now owned by scheduler " + labels.getOrDefault(PodLabels.WORKER, "(none)"));
            }
            if (PodLabels.TRUE.equals(labels.get(PodLabels.EXECUTOR_DONE))) {
                return new PodOutcome.LeftWatch("labelled done");
            }
        }
        if ("ProviderFailed".equals(status.getReason())) {
            return new PodOutcome.Failed(details(pod, phase, "failed", failedContainer(pod)));
        }
        return switch (phase) {
            case "Pending" -> pending(pod, deleted, now, imagePullBackOffSightings);
            case "Failed" -> refusedByWorker(pod)
                    ? new PodOutcome.Refused(Optional.ofNullable(meta.getName()).orElse(""))
                    : new PodOutcome.Failed(details(pod, phase, "failed", failedContainer(pod)));
            case "Succeeded" -> new PodOutcome.Succeeded();
            case "Running" -> deleted
                    ? new PodOutcome.Failed(details(pod, phase, "was deleted while running", failedContainer(pod)))
                    : new PodOutcome.Running();
            default -> new PodOutcome.UnknownPhase(phase);
        };
    }

    private PodOutcome pending(Pod pod, boolean deleted, Instant now, int sightings) {
        List<ContainerDetail> waiting = waitingContainers(pod);
        Optional<ContainerDetail> lastWaiting = waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.getLast());
        if (deleted) {
            return new PodOutcome.Failed(details(pod, "Pending", "was deleted before it started", lastWaiting));
        }
        for (ContainerDetail container : waiting) {
            String reason = container.reason().orElse("");
            boolean qpsBlip = reason.equals("ErrImagePull") && container.message().filter(PULL_QPS_EXCEEDED::equals).isPresent();
            if (fatalReasons.contains(reason) && !qpsBlip) {
                return new PodOutcome.DeleteAndFail(details(pod, "Pending", "cannot start", Optional.of(container)));
            }
        }
        boolean backOff = isInImagePullBackOff(pod);
        if (backOff && imagePullBackOffThreshold > 0 && sightings + 1 >= imagePullBackOffThreshold) {
            Optional<ContainerDetail> pulling = waiting.stream()
                    .filter(c -> c.reason().filter(IMAGE_PULL_BACK_OFF::equals).isPresent()).findFirst();
            return new PodOutcome.DeleteAndFail(details(pod, "Pending", "cannot pull its image (ImagePullBackOff seen "
                    + (sightings + 1) + " times)", pulling));
        }
        Optional<Instant> created = creation(pod);
        if (created.isPresent() && !now.isBefore(created.get().plus(pendingTimeout))) {
            FailureDetails details = details(pod, "Pending", "was Pending longer than the pending timeout ("
                    + pendingTimeout.toSeconds() + " s)", lastWaiting);
            if (lastWaiting.isEmpty() && details.podMessage().isEmpty()) {
                details = new FailureDetails(details.namespace(), details.podName(), details.phase(), details.cause(),
                        details.podReason(), unschedulableMessage(pod), details.container());
            }
            return new PodOutcome.DeleteAndFail(details);
        }
        return new PodOutcome.Pending(lastWaiting, backOff);
    }

    private static boolean refusedByWorker(Pod pod) {
        return containerStatuses(pod, false).stream()
                .filter(status -> PodLabels.BASE_CONTAINER.equals(status.getName()))
                .map(ContainerStatus::getState).filter(Objects::nonNull)
                .map(ContainerState::getTerminated).filter(Objects::nonNull)
                .anyMatch(terminated -> Integer.valueOf(WorkerExitCode.REFUSED).equals(terminated.getExitCode()));
    }

    /** Airflow's rule: first terminated container (init first) with a non-zero exit and a reason other than Completed, else the last waiting one. */
    private static Optional<ContainerDetail> failedContainer(Pod pod) {
        for (boolean init : new boolean[] {true, false}) {
            for (ContainerStatus status : containerStatuses(pod, init)) {
                ContainerStateTerminated terminated = Optional.ofNullable(status.getState()).map(ContainerState::getTerminated)
                        .orElse(null);
                if (terminated != null && !Integer.valueOf(0).equals(terminated.getExitCode())
                        && !"Completed".equals(terminated.getReason())) {
                    return Optional.of(new ContainerDetail(init, status.getName(), ContainerDetail.State.TERMINATED,
                            Optional.ofNullable(terminated.getReason()), Optional.ofNullable(terminated.getMessage()),
                            Optional.ofNullable(terminated.getExitCode())));
                }
            }
        }
        List<ContainerDetail> waiting = waitingContainers(pod);
        return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.getLast());
    }

    private static List<ContainerDetail> waitingContainers(Pod pod) {
        List<ContainerDetail> waiting = new ArrayList<>();
        for (boolean init : new boolean[] {true, false}) {
            for (ContainerStatus status : containerStatuses(pod, init)) {
                ContainerStateWaiting state = Optional.ofNullable(status.getState()).map(ContainerState::getWaiting).orElse(null);
                if (state != null) {
                    waiting.add(new ContainerDetail(init, status.getName(), ContainerDetail.State.WAITING,
                            Optional.ofNullable(state.getReason()), Optional.ofNullable(state.getMessage()),
                            Optional.empty()));
                }
            }
        }
        return waiting;
    }

    private static List<ContainerStatus> containerStatuses(Pod pod, boolean init) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return List.of();
        }
        List<ContainerStatus> statuses = init ? status.getInitContainerStatuses() : status.getContainerStatuses();
        return Optional.ofNullable(statuses).orElse(List.of());
    }

    private static FailureDetails details(Pod pod, String phase, String cause, Optional<ContainerDetail> container) {
        ObjectMeta meta = Optional.ofNullable(pod.getMetadata()).orElseGet(ObjectMeta::new);
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        return new FailureDetails(Optional.ofNullable(meta.getNamespace()).orElse(""),
                Optional.ofNullable(meta.getName()).orElse(""), phase, cause, Optional.ofNullable(status.getReason()),
                Optional.ofNullable(status.getMessage()), container);
    }

    private static Optional<String> unschedulableMessage(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(c -> Optional.ofNullable(c.getReason()).orElse("NotScheduled")
                        + Optional.ofNullable(c.getMessage()).map(m -> ": " + m).orElse(""))
                .findFirst();
    }

    private static Optional<Instant> creation(Pod pod) {
        return Optional.ofNullable(pod.getMetadata()).map(ObjectMeta::getCreationTimestamp).flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
