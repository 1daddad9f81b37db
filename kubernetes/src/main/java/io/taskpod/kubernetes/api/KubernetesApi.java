package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.taskpod.kubernetes.config.PodDeleteOptions;
import io.taskpod.kubernetes.pod.PodSelector;
import java.util.Map;
import java.util.Optional;

/**
 * Every call the KubernetesExecutor makes to the API server: the one I/O seam (fabric8's {@code ListerWatcher}
 * idea), so the launcher, watcher, reconcile and cleanup are tested against a fake and, in component tests, through
 * {@link Fabric8KubernetesApi} against a real HTTP server. Errors are taskpod's {@link KubernetesApiException}: the
 * HTTP code and what the Status says, or code 0 with the transport failure as the cause; no client type leaks out.
 */
public interface KubernetesApi {

    /** One page of the pods {@code selector} selects in {@code scope}. */
    PodPage listPods(PodScope scope, PodSelector selector, int limit, Optional<String> continueToken);

    /**
     * Watches the selected pods from {@code resourceVersion}, with bookmarks; throws {@link KubernetesApiException}
     * with code 410 when that version is too old to resume from.
     */
    WatchHandle watchPods(PodScope scope, PodSelector selector, String resourceVersion, PodWatchListener listener);

    /** Creates the pod as it is, without client-side retries (the launcher retries with its own policy). */
    Pod createPod(Pod pod);

    /** The pod, or empty when there is none of that name. */
    Optional<Pod> getPod(String namespace, String name);

    /** The last {@code tailLines} lines of the log of the pod's {@code container} ({@code pods/log}, no follow). */
    String podLog(String namespace, String name, String container, int tailLines);

    /** Deletes the pod with the configured options; false when it was already gone (404). */
    boolean deletePod(String namespace, String name, PodDeleteOptions options);

    /**
     * Deletes the pod only if it is still at {@code resourceVersion} (a delete precondition), with the pod's own grace
     * period; false when it was already gone (404). Throws {@link KubernetesApiException} with code 409 when the
     * pod changed since.
     */
    boolean deletePodIfUnchanged(String namespace, String name, String resourceVersion);

    /**
     * Merges labels and annotations into the pod's metadata (JSON merge patch). With {@code expectedResourceVersion}
     * the patch carries it as a precondition: the API server answers 409 Conflict when the pod changed since, which
     * is thrown. Empty when the pod is gone.
     */
    Optional<Pod> patchPodMetadata(String namespace, String name, Map<String, String> labels,
            Map<String, String> annotations, Optional<String> expectedResourceVersion);

    /**
     * Creates the Secret, or, when one of that name exists (a retried launch), replaces its data with this one's
     * (JSON merge patch), without client-side retries.
     */
    void putSecret(Secret secret);

    /**
     * Makes {@code owner} the Secret's owner (a merge patch of {@code ownerReferences}), so that the garbage collector
     * deletes the Secret with the pod; nothing when the Secret is gone.
     */
    void setSecretOwner(String namespace, String secretName, Pod owner);
}
