package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a container's environment as a kubelet does: {@code envFrom} Secrets and ConfigMaps (with prefix),
 * then {@code env} entries with literal values, {@code $(VAR)} references to variables defined before them,
 * {@code secretKeyRef}, {@code configMapKeyRef} and {@code fieldRef}; Secrets and ConfigMaps are read from the API
 * server. A missing non-optional source is a {@link ConfigError} with the kubelet's message, which the kubelet
 * reports as {@code CreateContainerConfigError}.
 */
final class ContainerEnvironment {

    /** A container whose environment cannot be built; the message is what a kubelet reports. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([-._a-zA-Z][-._a-zA-Z0-9]*)\\)");
    private static final Pattern INDEXED_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private final KubernetesClient client;

    ContainerEnvironment(KubernetesClient client) {
        this.client = client;
    }

    /** The variables of {@code container}, in definition order; {@code pod} must carry nodeName and podIP. */
    Map<String, String> resolve(Pod pod, Container container) throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            String prefix = Optional.ofNullable(source.getPrefix()).orElse("");
            if (source.getSecretRef() != null) {
                secret(namespace, source.getSecretRef().getName(), isTrue(source.getSecretRef().getOptional()))
                        .ifPresent(data -> data.forEach((key, value) -> env.put(prefix + key, value)));
            }
            if (source.getConfigMapRef() != null) {
                configMap(namespace, source.getConfigMapRef().getName(),
                        isTrue(source.getConfigMapRef().getOptional()))
                        .ifPresent(data -> data.forEach((key, value) -> env.put(prefix + key, value)));
            }
        }
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            Optional<String> value = variable.getValueFrom() == null
                    ? Optional.of(expand(Optional.ofNullable(variable.getValue()).orElse(""), env))
                    : valueFrom(pod, variable.getName(), variable.getValueFrom());
            value.ifPresent(resolved -> env.put(variable.getName(), resolved));
        }
        return env;
    }

    /** Expands {@code $(VAR)} references to defined variables; undefined ones stay as written, {@code $$} is $. */
    static String expand(String text, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group().equals("$$") ? "$"
                    : env.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    private Optional<String> valueFrom(Pod pod, String name, EnvVarSource source) throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Optional<Map<String, String>> data = secret(namespace, ref.getName(), isTrue(ref.getOptional()));
            return key(data, ref.getKey(), isTrue(ref.getOptional()), "Secret " + namespace + "/" + ref.getName());
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            Optional<Map<String, String>> data = configMap(namespace, ref.getName(), isTrue(ref.getOptional()));
            return key(data, ref.getKey(), isTrue(ref.getOptional()), "ConfigMap " + namespace + "/" + ref.getName());
        }
        if (source.getFieldRef() != null) {
            return Optional.of(field(pod, source.getFieldRef().getFieldPath()));
        }
        throw new ConfigError("unsupported valueFrom for environment variable " + name);
    }

    private static Optional<String> key(Optional<Map<String, String>> data, String key, boolean optional,
            String source) throws ConfigError {
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String value = data.get().get(key);
        if (value == null && !optional) {
            throw new ConfigError("couldn't find key " + key + " in " + source);
        }
        return Optional.ofNullable(value);
    }

    private static String field(Pod pod, String path) throws ConfigError {
        Matcher indexed = INDEXED_FIELD.matcher(path);
        if (indexed.matches()) {
            Map<String, String> map = indexed.group(1).equals("labels") ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return Optional.ofNullable(map).map(m -> m.getOrDefault(indexed.group(2), "")).orElse("");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> Optional.ofNullable(pod.getSpec().getNodeName()).orElse("");
            case "spec.serviceAccountName" -> Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("");
            case "status.podIP", "status.podIPs" -> Optional.ofNullable(pod.getStatus().getPodIP()).orElse("");
            case "status.hostIP", "status.hostIPs" -> Optional.ofNullable(pod.getStatus().getHostIP()).orElse("");
            default -> throw new ConfigError("unsupported fieldRef path " + path);
        };
    }

    private Optional<Map<String, String>> secret(String namespace, String name, boolean optional) throws ConfigError {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            if (optional) {
                return Optional.empty();
            }
            throw new ConfigError("secret \"" + name + "\" not found");
        }
        Map<String, String> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, value) ->
                data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach(data::put);
        return Optional.of(data);
    }

    private Optional<Map<String, String>> configMap(String namespace, String name, boolean optional)
            throws ConfigError {
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
        if (configMap == null) {
            if (optional) {
                return Optional.empty();
            }
            throw new ConfigError("configmap \"" + name + "\" not found");
        }
        return Optional.of(Optional.ofNullable(configMap.getData()).orElse(Map.of()));
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
