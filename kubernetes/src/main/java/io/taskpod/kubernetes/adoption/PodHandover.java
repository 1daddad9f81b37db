package io.taskpod.kubernetes.adoption;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.api.PodLister;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.LabelValues;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.kubernetes.pod.PodSelector;
import io.taskpod.kubernetes.pod.PodSelectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API calls of adoption, the handover of a pod from the scheduler that launched it to this one: list a
 * scheduler's active pods in every watched scope, and move a pod to this scheduler so that two adopters can never
 * both win. The move is a JSON merge patch of the {@code taskpod-worker}
 * label and annotation that carries the pod's {@code metadata.resourceVersion} as a precondition: the API server
 * applies it only if the pod did not change since it was read, and answers 409 Conflict otherwise. On 409 the pod
 * is read again: still the old owner's (a status update raced the patch) → try again with the new version; anyone
 * else's → another adopter won, so this one does not adopt. Only metadata changes, so the pod keeps running.
 */
public final class PodHandover {

    private static final Logger log = LoggerFactory.getLogger(PodHandover.class);

    /** Patches tried per pod before giving up on a pod whose status keeps changing under us. */
    static final int ATTEMPTS = 5;

    private final KubernetesApi api;
    private final PodLister lister;
    private final List<PodScope> scopes;
    private final String schedulerId;

    public PodHandover(KubernetesApi api, List<PodScope> scopes, String schedulerId, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.lister = new PodLister(api, clock);
        this.scopes = List.copyOf(scopes);
        this.schedulerId = Objects.requireNonNull(schedulerId, "schedulerId");
    }

    /** The lister the handover lists with, for the periodic lists of the same scopes. */
    public PodLister lister() {
        return lister;
    }

    /** True when {@code namespace} is in a watched scope: only pods there can be handed over. */
    public boolean watches(String namespace) {
        return scopes.stream().anyMatch(scope -> scope.covers(namespace));
    }

    /** The not-done pods {@code owner} (exactly, by annotation) owns in every watched scope. */
    public List<Pod> activePodsOf(String owner) {
        return list(PodSelectors.activePodsOf(owner)).stream().filter(pod -> ownerOf(pod).equals(Optional.of(owner))).toList();
    }

    /** Every not-done worker pod of any scheduler in every watched scope. */
    public List<Pod> activeWorkerPods() {
        return list(PodSelectors.activeWorkerPods());
    }

    /** Moves {@code pod}, read as {@code from}'s, to this scheduler unless someone else moved it first. */
    public Relabel relabel(Pod pod, String from) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Pod current = pod;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<String> owner = ownerOf(current);
            if (!owner.equals(Optional.of(from))) {
                return new Relabel.LostRace(owner.orElse("(none)"));
            }
            try {
                Optional<Pod> patched = api.patchPodMetadata(namespace, name,
                        Map.of(PodLabels.WORKER, LabelValues.safe(schedulerId)), Map.of(PodLabels.WORKER, schedulerId),
                        Optional.ofNullable(current.getMetadata().getResourceVersion()));
                return patched.<Relabel>map(Relabel.Adopted::new).orElseGet(Relabel.Gone::new);
            } catch (KubernetesApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                log.debug("Pod {}/{} changed while being adopted; reading it again", namespace, name);
                Optional<Pod> reread = api.getPod(namespace, name);
                if (reread.isEmpty()) {
                    return new Relabel.Gone();
                }
                current = reread.get();
            }
        }
        return new Relabel.LostRace(ownerOf(current).orElse("(none)") + ", still changing after " + ATTEMPTS + " attempts");
    }

    private List<Pod> list(PodSelector selector) {
        List<Pod> pods = new ArrayList<>();
        scopes.forEach(scope -> pods.addAll(lister.list(scope, selector).pods()));
        return pods;
    }

    private static Optional<String> ownerOf(Pod pod) {
        try {
            return Optional.of(PodIdentity.of(pod).schedulerId());
        } catch (InvalidPodIdentityException e) {
            return Optional.empty();
        }
    }
}
