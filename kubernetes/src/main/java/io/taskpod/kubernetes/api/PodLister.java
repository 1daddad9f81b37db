package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.pod.PodSelector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists every selected pod of a scope in pages of {@link #PAGE_SIZE} ({@code limit}/{@code continue}), so a scheduler
 * with thousands of pods never asks the API server for one huge response.
 */
public final class PodLister {

    /** Argo's and client-go's page size. */
    public static final int PAGE_SIZE = 500;

    private final KubernetesApi api;
    private final Clock clock;

    public PodLister(KubernetesApi api, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PodSnapshot list(PodScope scope, PodSelector selector) {
        var listedAt = clock.instant();
        List<Pod> pods = new ArrayList<>();
        PodPage page = api.listPods(scope, selector, PAGE_SIZE, Optional.empty());
        String version = page.resourceVersion();
        pods.addAll(page.pods());
        while (page.continueToken().isPresent()) {
            page = api.listPods(scope, selector, PAGE_SIZE, page.continueToken());
            pods.addAll(page.pods());
        }
        return new PodSnapshot(scope, pods, version, listedAt);
    }
}
