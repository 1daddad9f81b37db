package io.taskpod.testkit.kubernetes;

import java.util.List;
import java.util.Optional;

/**
 * What a request path addresses: a resource type, a namespace ("" for cluster-scoped objects and for lists
 * across all namespaces), an object name ("" for collections) and a subresource ("" for the object itself).
 */
record ApiTarget(ResourceType type, String namespace, String name, String subresource) {

    /** Parses {@code /api/v1/...} and {@code /apis/GROUP/VERSION/...} paths; empty when nothing is served there. */
    static Optional<ApiTarget> parse(String path) {
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
        if (segments.size() >= 3 && segments.getFirst().equals("api")) {
            return resolve("", segments.get(1), segments.subList(2, segments.size()));
        }
        if (segments.size() >= 4 && segments.getFirst().equals("apis")) {
            return resolve(segments.get(1), segments.get(2), segments.subList(3, segments.size()));
        }
        return Optional.empty();
    }

    private static Optional<ApiTarget> resolve(String group, String version, List<String> rest) {
        if (rest.size() >= 3 && rest.getFirst().equals("namespaces")) {
            Optional<ResourceType> type = ResourceTypes.find(group, version, rest.get(2))
                    .filter(ResourceType::namespaced);
            if (type.isPresent()) {
                return target(type.get(), rest.get(1), rest.subList(3, rest.size()));
            }
        }
        return ResourceTypes.find(group, version, rest.getFirst())
                .flatMap(type -> target(type, "", rest.subList(1, rest.size())));
    }

    private static Optional<ApiTarget> target(ResourceType type, String namespace, List<String> rest) {
        return switch (rest.size()) {
            case 0 -> Optional.of(new ApiTarget(type, namespace, "", ""));
            case 1 -> Optional.of(new ApiTarget(type, namespace, rest.getFirst(), ""));
            case 2 -> Optional.of(new ApiTarget(type, namespace, rest.get(0), rest.get(1)));
            default -> Optional.empty();
        };
    }

    boolean isCollection() {
        return name.isEmpty();
    }

    /** The resource as Kubernetes names it in RBAC and audit logs: {@code pods} or {@code pods/status}. */
    String resourceName() {
        return subresource.isEmpty() ? type.plural() : type.plural() + "/" + subresource;
    }

    ObjectKey key() {
        return new ObjectKey(type, type.namespaced() ? namespace : "", name);
    }

    ObjectKey key(String objectName) {
        return new ObjectKey(type, type.namespaced() ? namespace : "", objectName);
    }
}
