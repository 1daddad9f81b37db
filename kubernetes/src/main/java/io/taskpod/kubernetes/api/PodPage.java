package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a pod list: the pods, the list's resourceVersion (a watch started from it misses nothing that
 * happened after the list), and the token for the next page, if any.
 */
public record PodPage(List<Pod> pods, String resourceVersion, Optional<String> continueToken) {

    public PodPage {
        pods = List.copyOf(pods);
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Objects.requireNonNull(continueToken, "continueToken");
    }
}
