package io.taskpod.kubernetes.reconcile;

import io.taskpod.core.model.TaskInstanceKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The pod the executor expects for a try it owns: where it is, which launch it is, since when it exists (empty
 * while its create is pending), how often it was seen in ImagePullBackOff (counted once per resourceVersion), and
 * whether its create had to wait for an API server that could not be reached.
 */
public record TrackedPod(TaskInstanceKey key, String namespace, String podName, int launchAttempt,
        Optional<Instant> createdAt, PullBackOffs pullBackOffs, boolean launchedAfterOutage) {

    /** How often the pod was seen in ImagePullBackOff, and the resourceVersion last counted. */
    public record PullBackOffs(int sightings, Optional<String> lastCountedVersion) {

        static final PullBackOffs NONE = new PullBackOffs(0, Optional.empty());

        public PullBackOffs {
            Objects.requireNonNull(lastCountedVersion, "lastCountedVersion");
        }
    }

    public TrackedPod {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(pullBackOffs, "pullBackOffs");
    }

    /** A pod whose create did not wait for an outage. */
    public TrackedPod(TaskInstanceKey key, String namespace, String podName, int launchAttempt,
            Optional<Instant> createdAt, int imagePullBackOffSightings, Optional<String> lastCountedVersion) {
        this(key, namespace, podName, launchAttempt, createdAt,
                new PullBackOffs(imagePullBackOffSightings, lastCountedVersion), false);
    }

    /** A pod whose create has not been confirmed yet. */
    public static TrackedPod launching(TaskInstanceKey key, String namespace, String podName, int launchAttempt) {
        return new TrackedPod(key, namespace, podName, launchAttempt, Optional.empty(), PullBackOffs.NONE, false);
    }

    public boolean created() {
        return createdAt.isPresent();
    }

    /** How many observations of the pod showed ImagePullBackOff. */
    public int imagePullBackOffSightings() {
        return pullBackOffs.sightings();
    }

    /** Confirmed to exist from {@code at} (kept when already known). */
    public TrackedPod createdBy(Instant at) {
        return created() ? this : new TrackedPod(key, namespace, podName, launchAttempt, Optional.of(at), pullBackOffs,
                launchedAfterOutage);
    }

    /** One more ImagePullBackOff sighting, unless this resourceVersion was already counted. */
    public TrackedPod sawImagePullBackOff(String resourceVersion) {
        if (pullBackOffs.lastCountedVersion().filter(resourceVersion::equals).isPresent()) {
            return this;
        }
        return new TrackedPod(key, namespace, podName, launchAttempt, createdAt,
                new PullBackOffs(pullBackOffs.sightings() + 1, Optional.of(resourceVersion)), launchedAfterOutage);
    }

    /** Its create went through at {@code at}, after waiting for an API server that could not be reached. */
    public TrackedPod createdAfterOutage(Instant at) {
        return new TrackedPod(key, namespace, podName, launchAttempt, Optional.of(createdAt.orElse(at)), pullBackOffs,
                true);
    }

    /** {@code namespace/podName}, as the QUEUED event's info and the task's external executor id. */
    public String externalId() {
        return namespace + "/" + podName;
    }
}
