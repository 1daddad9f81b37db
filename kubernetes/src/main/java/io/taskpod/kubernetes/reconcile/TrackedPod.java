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
        Optional<Instant> createdAt, int imagePullBackOffSightings, Optional<String> lastCountedVersion,
        boolean launchedAfterOutage) {

    public TrackedPod {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastCountedVersion, "lastCountedVersion");
    }

    /** A pod whose create did not wait for an outage. */
    public TrackedPod(TaskInstanceKey key, String namespace, String podName, int launchAttempt,
            Optional<Instant> createdAt, int imagePullBackOffSightings, Optional<String> lastCountedVersion) {
        this(key, namespace, podName, launchAttempt, createdAt, imagePullBackOffSightings, lastCountedVersion, false);
    }

    /** A pod whose create has not been confirmed yet. */
    public static TrackedPod launching(TaskInstanceKey key, String namespace, String podName, int launchAttempt) {
        return new TrackedPod(key, namespace, podName, launchAttempt, Optional.empty(), 0, Optional.empty());
    }

    public boolean created() {
        return createdAt.isPresent();
    }

    /** Confirmed to exist from {@code at} (kept when already known). */
    public TrackedPod createdBy(Instant at) {
        return created() ? this : new TrackedPod(key, namespace, podName, launchAttempt, Optional.of(at),
                imagePullBackOffSightings, lastCountedVersion, launchedAfterOutage);
    }

    /** One more ImagePullBackOff sighting, unless this resourceVersion was already counted. */
    public TrackedPod sawImagePullBackOff(String resourceVersion) {
        if (lastCountedVersion.filter(resourceVersion::equals).isPresent()) {
            return this;
        }
        return new TrackedPod(key, namespace, podName, launchAttempt, createdAt, imagePullBackOffSightings + 1,
                Optional.of(resourceVersion), launchedAfterOutage);
    }

    /** Its create went through at {@code at}, after waiting for an API server that could not be reached. */
    public TrackedPod createdAfterOutage(Instant at) {
        return new TrackedPod(key, namespace, podName, launchAttempt, Optional.of(createdAt.orElse(at)),
                imagePullBackOffSightings, lastCountedVersion, true);
    }

    /** {@code namespace/podName}, as the QUEUED event's info and the task's external executor id. */
    public String externalId() {
        return namespace + "/" + podName;
    }
}
