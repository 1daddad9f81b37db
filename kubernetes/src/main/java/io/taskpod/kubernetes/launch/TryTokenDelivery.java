package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.taskpod.core.port.TryTokenIssuer;
import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.pod.PodLabels;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pod's worker gets what it needs to reach the execution API, and nothing more: the API's URL as a plain
 * variable ({@value #API_URL_ENV}), and its per-try token through a Secret of the pod's own name
 * ({@value #TOKEN_ENV} from {@code secretKeyRef}), so the token is never in the pod spec that
 * {@code kubectl get pod -o yaml} shows. The Secret is created (or, for a retried create, updated) just before the
 * pod, because a kubelet fails a container whose Secret is missing; once the pod exists the Secret is given the pod as
 * its owner, so Kubernetes deletes it with the pod.
 */
public final class TryTokenDelivery {

    /** The variable the worker reads its token from. */
    public static final String TOKEN_ENV = "TASKPOD_EXECUTION_API_TOKEN";
    /** {@code [core] execution_api_server_url}, as the worker's configuration reads it from the environment. */
    public static final String API_URL_ENV = "TASKPOD__CORE__EXECUTION_API_SERVER_URL";
    /** The key of the token in the per-try Secret. */
    public static final String SECRET_KEY = "token";

    private final TryTokenIssuer issuer;
    private final URI apiUrl;

    public TryTokenDelivery(TryTokenIssuer issuer, URI apiUrl) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** The pod with the API's URL and the token reference added to its {@code base} container. */
    public Pod addTo(Pod pod) {
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getName().equals(PodLabels.BASE_CONTAINER)) {
                List<EnvVar> env = new ArrayList<>(Optional.ofNullable(container.getEnv()).orElse(List.of()));
                env.removeIf(variable -> variable.getName().equals(TOKEN_ENV) || variable.getName().equals(API_URL_ENV));
                env.add(new EnvVar(API_URL_ENV, apiUrl.toString(), null));
                env.add(new EnvVarBuilder().withName(TOKEN_ENV).withNewValueFrom().withNewSecretKeyRef()
                        .withName(pod.getMetadata().getName()).withKey(SECRET_KEY).withOptional(false)
                        .endSecretKeyRef().endValueFrom().build());
                container.setEnv(env);
            }
        }
        return pod;
    }

    /** The Secret holding a fresh token for the pod's launch: same name, namespace and identity labels as the pod. */
    public Secret secretFor(Pod pod) {
        PodIdentity identity = PodIdentity.of(pod);
        return new SecretBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withLabels(pod.getMetadata().getLabels()).endMetadata()
                .withType("Opaque")
                .addToStringData(SECRET_KEY, issuer.issue(identity.key(), identity.launchAttempt()))
                .build();
    }

    /** Before the pod's create: its token Secret exists with a fresh token. */
    void beforeCreate(KubernetesApi api, Pod pod) {
        api.putSecret(secretFor(pod));
    }

    /** After the pod's create: the Secret belongs to the pod and goes when the pod goes. */
    void afterCreate(KubernetesApi api, Pod created) {
        api.setSecretOwner(created.getMetadata().getNamespace(), created.getMetadata().getName(), created);
    }
}
