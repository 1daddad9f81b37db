package io.taskpod.kubernetes.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.api.PodPage;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodWatchListener;
import io.taskpod.kubernetes.api.WatchHandle;
import io.taskpod.kubernetes.config.PodDeleteOptions;
import io.taskpod.kubernetes.pod.PodSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The API seam scripted by a test: what the next creates, lists and watch opens answer, and a record of every call.
 * Unscripted creates succeed; unscripted lists return the {@link #pods} at version {@link #listVersion}.
 */
public final class FakeKubernetesApi implements KubernetesApi {

    /** One opened watch: where it started and the listener to play events into. */
    public record OpenedWatch(PodScope scope, String resourceVersion, PodWatchListener listener, boolean[] closed) {
        public boolean isClosed() {
            return closed[0];
        }
    }

    public final Map<String, Pod> pods = new ConcurrentHashMap<>();
    public final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public final List<OpenedWatch> watches = new ArrayList<>();
    public String listVersion = "1";
    private final Deque<Supplier<RuntimeException>> createFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> watchFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> listFailures = new ArrayDeque<>();

    public static KubernetesApiException http(int code, String reason, String message, Integer retryAfterSeconds) {
        return KubernetesApiException.from(new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason).withMessage(message)
                .withNewDetails().withRetryAfterSeconds(retryAfterSeconds).endDetails().build()));
    }

    public synchronized FakeKubernetesApi failNextCreate(Supplier<RuntimeException> error) {
        createFailures.add(error);
        return this;
    }

    public synchronized FakeKubernetesApi failNextWatch(RuntimeException error) {
        watchFailures.add(error);
        return this;
    }

    public synchronized FakeKubernetesApi failNextList(RuntimeException error) {
        listFailures.add(error);
        return this;
    }

    public synchronized OpenedWatch lastWatch() {
        return watches.getLast();
    }

    @Override
    public synchronized PodPage listPods(PodScope scope, PodSelector selector, int limit, Optional<String> continueToken) {
        calls.add("list " + scope.key());
        if (!listFailures.isEmpty()) {
            throw listFailures.poll();
        }
        return new PodPage(List.copyOf(pods.values()), listVersion, Optional.empty());
    }

    @Override
    public synchronized WatchHandle watchPods(PodScope scope, PodSelector selector, String resourceVersion,
            PodWatchListener listener) {
        calls.add("watch " + scope.key() + " from " + resourceVersion);
        if (!watchFailures.isEmpty()) {
            throw watchFailures.poll();
        }
        boolean[] closed = {false};
        watches.add(new OpenedWatch(scope, resourceVersion, listener, closed));
        return () -> closed[0] = true;
    }

    @Override
    public synchronized Pod createPod(Pod pod) {
        calls.add("create " + pod.getMetadata().getName());
        if (!createFailures.isEmpty()) {
            throw createFailures.poll().get();
        }
        if (pods.containsKey(pod.getMetadata().getName())) {
            throw http(409, "AlreadyExists", "pods \"" + pod.getMetadata().getName() + "\" already exists", null);
        }
        pods.put(pod.getMetadata().getName(), pod);
        return pod;
    }

    @Override
    public synchronized Optional<Pod> getPod(String namespace, String name) {
        calls.add("get " + name);
        return Optional.ofNullable(pods.get(name));
    }

    @Override
    public synchronized String podLog(String namespace, String name, String container, int tailLines) {
        calls.add("log " + name);
        return "";
    }

    @Override
    public synchronized boolean deletePod(String namespace, String name, PodDeleteOptions options) {
        calls.add("delete " + name);
        return pods.remove(name) != null;
    }

    @Override
    public synchronized boolean deletePodIfUnchanged(String namespace, String name, String resourceVersion) {
        calls.add("delete " + name + " at " + resourceVersion);
        return pods.remove(name) != null;
    }

    @Override
    public synchronized Optional<Pod> patchPodMetadata(String namespace, String name, Map<String, String> labels,
            Map<String, String> annotations, Optional<String> expectedResourceVersion) {
        calls.add("patch " + name + " " + labels);
        Pod pod = pods.get(name);
        if (pod == null) {
            return Optional.empty();
        }
        pod.getMetadata().getLabels().putAll(labels);
        return Optional.of(pod);
    }

    @Override
    public synchronized void putSecret(Secret secret) {
        calls.add("put secret " + secret.getMetadata().getName());
        secrets.put(secret.getMetadata().getName(), secret);
    }

    @Override
    public synchronized void setSecretOwner(String namespace, String secretName, Pod owner) {
        calls.add("own secret " + secretName + " by " + owner.getMetadata().getName());
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
