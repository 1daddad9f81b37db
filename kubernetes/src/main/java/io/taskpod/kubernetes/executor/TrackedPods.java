package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.reconcile.TrackedPod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pod the executor expects for each try it owns, and the names of pods whose tries it finished a short while
 * ago (so late events and lists do not take them for unknown pods). Changed on the scheduler thread only; what
 * reads it whole (the reconcile) gets an immutable {@link Snapshot}.
 */
final class TrackedPods {

    /** The tracked pods and the recently finished pods' names at one moment; later changes do not show in it. */
    record Snapshot(List<TrackedPod> pods, Set<String> recentlyFinished) {
        Snapshot {
            pods = List.copyOf(pods);
            recentlyFinished = Set.copyOf(recentlyFinished);
        }
    }

    /** How long a finished pod's name is remembered. */
    static final Duration REMEMBER_FINISHED = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<TaskInstanceKey, TrackedPod> byKey = new LinkedHashMap<>();
    private final Map<String, Instant> recentlyFinished = new LinkedHashMap<>();

    TrackedPods(Clock clock) {
        this.clock = clock;
    }

    Optional<TrackedPod> get(TaskInstanceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The tracked pod of the try {@code pod} runs, if {@code pod} is that very pod. */
    Optional<TrackedPod> current(TaskInstanceKey key, Pod pod) {
        return get(key).filter(tracked -> tracked.podName().equals(pod.getMetadata().getName())
                && tracked.namespace().equals(pod.getMetadata().getNamespace()));
    }

    void put(TrackedPod pod) {
        byKey.put(pod.key(), pod);
    }

    /** Tracks an existing pod taken over by adoption, as existing from now. */
    TrackedPod adopted(PodIdentity identity, Pod pod) {
        TrackedPod tracked = new TrackedPod(identity.key(), pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                identity.launchAttempt(), Optional.of(clock.instant()), 0, Optional.empty());
        put(tracked);
        return tracked;
    }

    /** Stops tracking the try and remembers its pod as finished. */
    void finished(TrackedPod pod) {
        byKey.remove(pod.key());
        remember(pod.podName());
    }

    /** Remembers a pod as finished without it having been tracked (an unknown pod being cleaned up). */
    void remember(String podName) {
        recentlyFinished.put(podName, clock.instant());
    }

    Optional<TrackedPod> remove(TaskInstanceKey key) {
        return Optional.ofNullable(byKey.remove(key));
    }

    boolean contains(TaskInstanceKey key) {
        return byKey.containsKey(key);
    }

    Snapshot snapshot() {
        return new Snapshot(List.copyOf(byKey.values()), recentlyFinished.keySet());
    }

    int size() {
        return byKey.size();
    }

    /** Forgets finished pods older than {@link #REMEMBER_FINISHED}. */
    void prune() {
        Instant oldest = clock.instant().minus(REMEMBER_FINISHED);
        recentlyFinished.values().removeIf(at -> at.isBefore(oldest));
    }
}
