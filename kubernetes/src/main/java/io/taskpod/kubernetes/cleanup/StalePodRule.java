package io.taskpod.kubernetes.cleanup;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which worker pods {@code taskpod kubernetes cleanup-pods} deletes (Airflow's {@code cleanup-pods}), decided from the
 * pod alone:
 * <ul>
 *   <li>only taskpod's worker pods: labelled {@code kubernetes_executor=True} and owned by a scheduler
 *       ({@code taskpod-worker});
 *   <li>{@code Succeeded} or {@code Failed}, finished at least {@code olderThan} ago (the last container's
 *       {@code finishedAt}; the pod's creation when no container says);
 *   <li>{@code Pending} for at least {@code minPending} and {@code olderThan} since its creation: a pod that never
 *       started (its scheduler fails the try when it sees the pod go);
 *   <li>never a {@code Running} pod or one in an unknown phase, nor one already being deleted.
 * </ul>
 * A pod deleted by this rule may have changed since it was listed: the deleter makes that a precondition, so a
 * Pending pod that started meanwhile is not deleted.
 *
 * @param olderThan how long ago a pod must have finished (or been created, for Pending pods)
 * @param minPending how long a pod must have been Pending
 */
public record StalePodRule(Duration olderThan, Duration minPending) {

    public StalePodRule {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(minPending, "minPending");
    }

    /** What to do with this pod at {@code now}. */
    public StalePodDecision decide(Pod pod, Instant now) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        if (!PodLabels.TRUE.equals(labels.get(PodLabels.KUBERNETES_EXECUTOR)) || !labels.containsKey(PodLabels.WORKER)) {
            return new StalePodDecision.Keep("not a taskpod worker pod");
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new StalePodDecision.Keep("already being deleted");
        }
        Optional<Instant> created = instant(pod.getMetadata().getCreationTimestamp());
        String phase = Optional.ofNullable(pod.getStatus()).map(PodStatus::getPhase).orElse("Unknown");
        return switch (phase) {
            case "Succeeded", "Failed" -> {
                Optional<Instant> finished = finishedAt(pod).or(() -> created);
                yield olderThan(finished, olderThan, now, phase, "finished");
            }
            case "Pending" -> olderThan(created, minPending.compareTo(olderThan) > 0 ? minPending : olderThan, now,
                    phase, "created");
            default -> new StalePodDecision.Keep(phase + ": never deleted");
        };
    }

    private static StalePodDecision olderThan(Optional<Instant> since, Duration threshold, Instant now, String phase,
            String what) {
        if (since.isEmpty()) {
            return new StalePodDecision.Keep(phase + ", no time to judge its age by");
        }
        Duration age = Duration.between(since.get(), now);
        String description = phase + ", " + what + " " + describe(age) + " ago";
        return age.compareTo(threshold) >= 0 ? new StalePodDecision.Delete(description)
                : new StalePodDecision.Keep(description + " (younger than " + describe(threshold) + ")");
    }

    /** {@code 2d3h}, {@code 4h10m}, {@code 45m}, {@code 30s}: an age at the precision a listing needs. */
    static String describe(Duration duration) {
        if (duration.toDays() > 0) {
            return duration.toDays() + "d" + duration.toHoursPart() + "h";
        }
        if (duration.toHours() > 0) {
            return duration.toHours() + "h" + duration.toMinutesPart() + "m";
        }
        if (duration.toMinutes() > 0) {
            return duration.toMinutes() + "m";
        }
        return Math.max(0, duration.toSeconds()) + "s";
    }

    /** When the pod's last container ended. */
    private static Optional<Instant> finishedAt(Pod pod) {
        PodStatus status = pod.getStatus();
        return Stream.of(status.getInitContainerStatuses(), status.getContainerStatuses())
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> instant(state.getTerminated().getFinishedAt()))
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
    }

    private static Optional<Instant> instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
