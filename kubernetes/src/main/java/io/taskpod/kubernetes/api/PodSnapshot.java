package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every pod a label selector selected in one scope, listed page by page, with the resourceVersion of the first
 * page (a watch from it misses nothing after the list) and the time the list started: a pod created before
 * {@code listedAt} must be in it.
 */
public record PodSnapshot(PodScope scope, List<Pod> pods, String resourceVersion, Instant listedAt) {

    public PodSnapshot {
        Objects.requireNonNull(scope, "scope");
        pods = List.copyOf(pods);
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Objects.requireNonNull(listedAt, "listedAt");
    }
}
