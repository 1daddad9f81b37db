package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.launch.LaunchId;
import io.taskpod.kubernetes.launch.PodLauncher;
import io.taskpod.kubernetes.reconcile.TrackedPod;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduler's side of a try's launch: its pod tracked and its create queued, revoked, and how long it has
 * waited while queued. Scheduler thread only.
 */
final class TryLaunches {

    private final PodLauncher launcher;
    private final TrackedPods tracked;
    private final PodCleaner cleaner;

    TryLaunches(PodLauncher launcher, TrackedPods tracked, PodCleaner cleaner) {
        this.launcher = launcher;
        this.tracked = tracked;
        this.cleaner = cleaner;
    }

    /** Tracks the launch's pod as launching and queues its create; returns the tracked pod. */
    TrackedPod launch(TaskInstanceKey key, int launchAttempt, Pod pod) {
        TrackedPod expected = TrackedPod.launching(key, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                launchAttempt);
        tracked.put(expected);
        launcher.enqueue(new LaunchId(key, launchAttempt), pod);
        return expected;
    }

    /**
     * Revokes the try's launches and stops tracking its pod, remembered as finished; a pod whose create is not in
     * flight is labelled revoked and deleted (one in flight is deleted when its create returns).
     */
    void revoke(TaskInstanceKey key) {
        boolean launching = launcher.cancel(key);
        tracked.remove(key).ifPresent(pod -> {
            tracked.remember(pod.podName());
            if (!launching) {
                cleaner.submit(new PodCleanup(pod.namespace(), pod.podName(), CleanupAction.REVOKE,
                        "revoked by the scheduler"));
            }
        });
    }

    /** See {@link KubernetesExecutor#queuedWaitSince}. */
    Optional<Instant> queuedWaitSince(TaskInstance taskInstance) {
        TaskInstanceKey key = taskInstance.key();
        if (launcher.heldByOutage(key)) {
            return Optional.empty();
        }
        Optional<Instant> afterOutage = tracked.get(key)
                .filter(pod -> pod.launchAttempt() == taskInstance.launchAttempt() && pod.launchedAfterOutage())
                .flatMap(TrackedPod::createdAt);
        return afterOutage.map(created -> taskInstance.queuedAt().filter(created::isBefore).orElse(created))
                .or(taskInstance::queuedAt);
    }
}
