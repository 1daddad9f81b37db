package io.taskpod.kubernetes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Deletable;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.taskpod.kubernetes.config.PodDeleteOptions;
import io.taskpod.kubernetes.pod.PodSelector;
import io.taskpod.kubernetes.status.PodEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link KubernetesApi} on the fabric8 client. Two clients are derived from the one passed in, sharing its HTTP
 * client and credentials:
 * <ul>
 *   <li>for creates, fabric8's own request retries are off ({@code requestRetryBackoffLimit = 0}), and the pod is
 *       POSTed with that client's HTTP client so that an error keeps its {@code Retry-After} header. fabric8 retries
 *       429 and 5xx for every verb, POST included, inside the call: the retry is invisible to the executor, ignores
 *       {@code task_publish_max_retries}, holds a create slot while it waits, and on 429 delays only that one create
 *       while every other create keeps hitting a throttling server. The launcher's own policy classifies the error,
 *       pauses every create on 429, backs off with jitter, counts retries, and stays idempotent through
 *       deterministic pod names (a create whose response was lost comes back 409 AlreadyExists for our own pod);
 *   <li>for watches, fabric8's own reconnects and request retries are off ({@code watchReconnectLimit = 0},
 *       {@code requestRetryBackoffLimit = 0}), so every watch that cannot be opened, drops or ends reaches the
 *       watcher, which restarts it with its own backoff and counts the restart; fabric8 would otherwise retry and
 *       reconnect silently.
 * </ul>
 * Every other call keeps the client's configured retries ({@code api_client_retry_configuration}).
 */
public final class Fabric8KubernetesApi implements KubernetesApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MERGE_PATCH = "application/merge-patch+json";
    /** How much of an error body that is not a Kubernetes Status (a proxy's page) goes into the message. */
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final KubernetesClient client;
    private final KubernetesClient createClient;
    private final KubernetesClient watchClient;
    private final Duration watchServerTimeout;

    /**
     * @param watchServerTimeout how long the API server keeps a watch open before ending it ({@code timeoutSeconds})
     */
    public Fabric8KubernetesApi(KubernetesClient client, Duration watchServerTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.watchServerTimeout = Objects.requireNonNull(watchServerTimeout, "watchServerTimeout");
        this.createClient = client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
        this.watchClient = client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withWatchReconnectLimit(0).withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
    }

    @Override
    public PodPage listPods(PodScope scope, PodSelector selector, int limit, Optional<String> continueToken) {
        ListOptionsBuilder options = new ListOptionsBuilder().withLimit((long) limit);
        continueToken.ifPresent(options::withContinue);
        PodList list = call(() -> selected(client, scope, selector).list(options.build()));
        String version = list.getMetadata() == null ? "" : Objects.toString(list.getMetadata().getResourceVersion(), "");
        Optional<String> next = Optional.ofNullable(list.getMetadata()).map(m -> m.getContinue()).filter(c -> !c.isEmpty());
        return new PodPage(list.getItems(), version, next);
    }

    @Override
    public WatchHandle watchPods(PodScope scope, PodSelector selector, String resourceVersion, PodWatchListener listener) {
        ListOptions options = new ListOptionsBuilder().withResourceVersion(resourceVersion).withAllowWatchBookmarks(true)
                .withTimeoutSeconds(watchServerTimeout.toSeconds()).build();
        Watch watch = call(() -> selected(watchClient, scope, selector).watch(options, new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                switch (action) {
                    case ADDED -> listener.onEvent(PodEventType.ADDED, pod);
                    case MODIFIED -> listener.onEvent(PodEventType.MODIFIED, pod);
                    case DELETED -> listener.onEvent(PodEventType.DELETED, pod);
                    case BOOKMARK -> listener.onBookmark(pod.getMetadata().getResourceVersion());
                    case ERROR -> listener.closed(false, "ERROR event without a Status");
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                listener.closed(cause.isHttpGone(), Optional.ofNullable(cause.getMessage()).orElse(cause.toString()));
            }

            @Override
            public void onClose() {
                // closed by us: the watcher already knows
            }
        }));
        return watch::close;
    }

    /**
     * POSTs the pod with the create client's HTTP client (credentials, TLS and no retries as for every create), so that
     * an error answer keeps its {@code Retry-After} header: fabric8's own create drops headers, and a proxy's 429 or 503
     * carries Retry-After only there. An error answer and a transport failure (with its cause, a refused connection or
     * a timeout, in the chain) are both a {@link KubernetesApiException}.
     */
    @Override
    public Pod createPod(Pod pod) {
        HttpResponse<String> response = send(createClient.getHttpClient().newHttpRequestBuilder()
                .uri(URLUtils.join(createClient.getMasterUrl().toString(), "api", "v1", "namespaces",
                        pod.getMetadata().getNamespace(), "pods"))
                .post("application/json", createClient.getKubernetesSerialization().asJson(pod)));
        if (response.isSuccessful()) {
            return createClient.getKubernetesSerialization().unmarshal(response.body(), Pod.class);
        }
        Status status = status(response);
        throw KubernetesApiException.answered("pod create " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " answered " + status.getCode() + ": " + status.getMessage(), status,
                RetryAfterHeader.parse(Optional.ofNullable(response.header("Retry-After")), Instant.now()));
    }

    /** The response's Kubernetes Status, or one made from its code and text when its body is not one (a proxy). */
    private Status status(HttpResponse<String> response) {
        String body = Objects.toString(response.body(), "");
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && "Status".equals(json.path("kind").asText())) {
                Status status = createClient.getKubernetesSerialization().unmarshal(body, Status.class);
                if (status.getCode() == null || status.getCode() == 0) {
                    status.setCode(response.code());
                }
                return status;
            }
        } catch (JsonProcessingException e) {
            // not JSON: a proxy's page, described below
        }
        String text = body.strip();
        return new StatusBuilder().withCode(response.code()).withStatus("Failure")
                .withMessage(text.length() > MAX_BODY_IN_MESSAGE ? text.substring(0, MAX_BODY_IN_MESSAGE) + "…" : text)
                .build();
    }

    @Override
    public Optional<Pod> getPod(String namespace, String name) {
        return Optional.ofNullable(call(() -> client.pods().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public String podLog(String namespace, String name, String container, int tailLines) {
        return call(() -> client.pods().inNamespace(namespace).withName(name).inContainer(container)
                .tailingLines(tailLines).getLog());
    }

    @Override
    public boolean deletePod(String namespace, String name, PodDeleteOptions options) {
        PodResource pod = client.pods().inNamespace(namespace).withName(name);
        Optional<DeletionPropagation> propagation = options.propagationPolicy()
                .map(policy -> DeletionPropagation.valueOf(policy.toUpperCase(Locale.ROOT)));
        Deletable deletable;
        if (options.gracePeriod().isPresent() && propagation.isPresent()) {
            deletable = pod.withGracePeriod(options.gracePeriod().get().toSeconds()).withPropagationPolicy(propagation.get());
        } else if (options.gracePeriod().isPresent()) {
            deletable = pod.withGracePeriod(options.gracePeriod().get().toSeconds());
        } else if (propagation.isPresent()) {
            deletable = pod.withPropagationPolicy(propagation.get());
        } else {
            deletable = pod;
        }
        return !call(deletable::delete).isEmpty();
    }

    @Override
    public boolean deletePodIfUnchanged(String namespace, String name, String resourceVersion) {
        return !call(() -> client.pods().inNamespace(namespace).withName(name).lockResourceVersion(resourceVersion)
                .delete()).isEmpty();
    }

    @Override
    public Optional<Pod> patchPodMetadata(String namespace, String name, Map<String, String> labels,
            Map<String, String> annotations, Optional<String> expectedResourceVersion) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        expectedResourceVersion.ifPresent(version -> metadata.put("resourceVersion", version));
        if (!labels.isEmpty()) {
            labels.forEach(metadata.putObject("labels")::put);
        }
        if (!annotations.isEmpty()) {
            annotations.forEach(metadata.putObject("annotations")::put);
        }
        try {
            return Optional.of(call(() -> client.pods().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString())));
        } catch (KubernetesApiException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * POSTs the Secret, and on 409 merge-patches its data, with raw requests of the create client: fabric8's patch reads
     * the Secret first, and the scheduler may not read Secrets (the database's lives in the same namespace).
     */
    @Override
    public void putSecret(Secret secret) {
        String namespace = secret.getMetadata().getNamespace();
        String name = secret.getMetadata().getName();
        HttpResponse<String> created = send(createClient.getHttpClient().newHttpRequestBuilder()
                .uri(secretsUrl(namespace, Optional.empty()))
                .post("application/json", createClient.getKubernetesSerialization().asJson(secret)));
        if (created.isSuccessful()) {
            return;
        }
        if (created.code() != 409) {
            throw secretError("create", namespace, name, created);
        }
        ObjectNode patch = JSON.createObjectNode();
        secret.getStringData().forEach(patch.putObject("stringData")::put);
        HttpResponse<String> patched = send(createClient.getHttpClient().newHttpRequestBuilder()
                .uri(secretsUrl(namespace, Optional.of(name)))
                .method("PATCH", MERGE_PATCH, patch.toString()));
        if (!patched.isSuccessful()) {
            throw secretError("update", namespace, name, patched);
        }
    }

    @Override
    public void setSecretOwner(String namespace, String secretName, Pod owner) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putArray("ownerReferences").addObject()
                .put("apiVersion", "v1").put("kind", "Pod").put("name", owner.getMetadata().getName())
                .put("uid", owner.getMetadata().getUid());
        HttpResponse<String> patched = send(createClient.getHttpClient().newHttpRequestBuilder()
                .uri(secretsUrl(namespace, Optional.of(secretName)))
                .method("PATCH", MERGE_PATCH, patch.toString()));
        if (!patched.isSuccessful() && patched.code() != 404) {
            throw secretError("patch the owner of", namespace, secretName, patched);
        }
    }

    private String secretsUrl(String namespace, Optional<String> name) {
        String secrets = URLUtils.join(createClient.getMasterUrl().toString(), "api", "v1", "namespaces", namespace,
                "secrets");
        return name.map(n -> URLUtils.join(secrets, n)).orElse(secrets);
    }

    /** Sends with the create client's HTTP client and request timeout; a transport failure is thrown with its cause. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        Integer timeout = createClient.getConfiguration().getRequestTimeout();
        if (timeout != null && timeout > 0) {
            request.timeout(timeout, TimeUnit.MILLISECONDS);
        }
        try {
            return createClient.getHttpClient().sendAsync(request.build(), String.class).get();
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw transportFailure(e);
        }
    }

    private static KubernetesApiException transportFailure(Throwable cause) {
        RuntimeException laundered = KubernetesClientException.launderThrowable(cause);
        return laundered instanceof KubernetesClientException e ? KubernetesApiException.from(e)
                : KubernetesApiException.noAnswer(laundered);
    }

    /** Runs a call of the client, its exceptions turned into {@link KubernetesApiException}. */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw KubernetesApiException.from(e);
        }
    }

    private KubernetesApiException secretError(String what, String namespace, String name,
            HttpResponse<String> response) {
        Status status = status(response);
        return KubernetesApiException.answered("could not " + what + " the token Secret " + namespace + "/" + name + ": "
                + status.getCode() + ": " + status.getMessage(), status,
                RetryAfterHeader.parse(Optional.ofNullable(response.header("Retry-After")), Instant.now()));
    }

    private static FilterWatchListDeletable<Pod, PodList, PodResource> selected(KubernetesClient client, PodScope scope,
            PodSelector selector) {
        var pods = scope.namespace().isPresent() ? client.pods().inNamespace(scope.namespace().get())
                : client.pods().inAnyNamespace();
        FilterWatchListDeletable<Pod, PodList, PodResource> selected = pods.withLabels(selector.equal());
        for (Map.Entry<String, String> term : selector.notEqual().entrySet()) {
            selected = selected.withoutLabel(term.getKey(), term.getValue());
        }
        return selected;
    }
}
