package io.taskpod.kubernetes.logs;

import io.taskpod.kubernetes.KubernetesSyntax;
import java.util.Optional;

/**
 * A pod as the KubernetesExecutor reports it in a try's external executor id: {@code namespace/pod-name}.
 */
public record PodReference(String namespace, String name) {

    /** The pod an external executor id names, or empty when it names none (e.g. a local worker's {@code local:host:pid}). */
    public static Optional<PodReference> parse(String externalExecutorId) {
        int slash = externalExecutorId.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String namespace = externalExecutorId.substring(0, slash);
        String name = externalExecutorId.substring(slash + 1);
        return KubernetesSyntax.isDnsLabel(namespace) && KubernetesSyntax.isDnsSubdomain(name)
                ? Optional.of(new PodReference(namespace, name)) : Optional.empty();
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
