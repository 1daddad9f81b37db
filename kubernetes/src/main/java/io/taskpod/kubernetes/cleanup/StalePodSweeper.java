package io.taskpod.kubernetes.cleanup;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.api.PodLister;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.pod.PodSelectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Carries out {@link StalePodRule} over every worker pod of taskpod's (any scheduler's, done or not) in the given
 * scopes: lists them, deletes those the rule picks with the listed resourceVersion as a precondition (a pod that
 * changed since, say a Pending pod that started, is left alone), or with {@code dryRun} only reports them. A scope
 * that cannot be listed and a delete that fails are reported, and the other pods are still handled.
 */
public final class StalePodSweeper {

    private final KubernetesApi api;
    private final PodLister lister;
    private final Clock clock;
    private final StalePodRule rule;

    public StalePodSweeper(KubernetesApi api, Clock clock, StalePodRule rule) {
        this.api = Objects.requireNonNull(api, "api");
        this.lister = new PodLister(api, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public StalePodReport sweep(List<PodScope> scopes, boolean dryRun) {
        List<StalePodReport.Entry> entries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (PodScope scope : scopes) {
            List<Pod> pods;
            try {
                pods = lister.list(scope, PodSelectors.allWorkerPods()).pods();
            } catch (KubernetesApiException e) {
                failures.add("cannot list the pods in " + scope + ": " + describe(e));
                continue;
            }
            Instant now = clock.instant();
            for (Pod pod : pods) {
                entries.add(handle(pod, rule.decide(pod, now), dryRun));
            }
        }
        return new StalePodReport(entries, failures);
    }

    private StalePodReport.Entry handle(Pod pod, StalePodDecision decision, boolean dryRun) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (decision instanceof StalePodDecision.Keep) {
            return new StalePodReport.Entry(namespace, name, StalePodReport.Outcome.KEPT, decision.reason());
        }
        if (dryRun) {
            return new StalePodReport.Entry(namespace, name, StalePodReport.Outcome.WOULD_DELETE, decision.reason());
        }
        try {
            boolean deleted = api.deletePodIfUnchanged(namespace, name, pod.getMetadata().getResourceVersion());
            return new StalePodReport.Entry(namespace, name,
                    deleted ? StalePodReport.Outcome.DELETED : StalePodReport.Outcome.GONE, decision.reason());
        } catch (KubernetesApiException e) {
            if (e.code() == 409) {
                return new StalePodReport.Entry(namespace, name, StalePodReport.Outcome.CHANGED, decision.reason());
            }
            return new StalePodReport.Entry(namespace, name, StalePodReport.Outcome.FAILED,
                    decision.reason() + "; delete failed: " + describe(e));
        }
    }

    private static String describe(KubernetesApiException e) {
        return e.code() > 0 ? "HTTP " + e.code() + ": " + e.apiMessage() : e.apiMessage();
    }
}
