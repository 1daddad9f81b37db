package io.taskpod.testkit.kubernetes;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The kinds the test API server serves: the core objects a pod needs, plus events, nodes and leases, and the kinds
 * of taskpod's deployment manifests (StatefulSets, Deployments, CronJobs, RBAC), which it stores without acting on them.
 */
final class ResourceTypes {

    static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true, true, union(
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"));
    static final ResourceType NAMESPACES = new ResourceType("", "v1", "namespaces", "Namespace", false, true,
            union("status.phase"));
    static final ResourceType SECRETS = new ResourceType("", "v1", "secrets", "Secret", true, false,
            union("type"));
    static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "configmaps", "ConfigMap", true, false,
            union());
    static final ResourceType BINDINGS = new ResourceType("", "v1", "bindings", "Binding", true, false, union());

    private static final List<ResourceType> ALL = List.of(PODS, NAMESPACES, SECRETS, CONFIG_MAPS, BINDINGS,
            new ResourceType("", "v1", "events", "Event", true, false, union("involvedObject.kind",
                    "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "reason", "type")),
            new ResourceType("", "v1", "serviceaccounts", "ServiceAccount", true, false, union()),
            new ResourceType("", "v1", "services", "Service", true, true, union()),
            new ResourceType("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true, union()),
            new ResourceType("", "v1", "nodes", "Node", false, true, union("spec.unschedulable")),
            new ResourceType("coordination.k8s.io", "v1", "leases", "Lease", true, false, union()),
            // what deployment manifests hold, stored and validated like any object, never acted on
            new ResourceType("apps", "v1", "statefulsets", "StatefulSet", true, true, union()),
            new ResourceType("apps", "v1", "deployments", "Deployment", true, true, union()),
            new ResourceType("batch", "v1", "cronjobs", "CronJob", true, true, union()),
            new ResourceType("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false, union()),
            new ResourceType("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false, union()),
            new ResourceType("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false, union()),
            new ResourceType("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false,
                    false, union()));

    private ResourceTypes() {}

    static Optional<ResourceType> find(String group, String version, String plural) {
        return ALL.stream()
                .filter(type -> type.group().equals(group) && type.version().equals(version)
                        && type.plural().equals(plural))
                .findFirst();
    }

    static List<ResourceType> all() {
        return ALL;
    }

    private static Set<String> union(String... fields) {
        return Stream.concat(ResourceType.OBJECT_META_FIELDS.stream(), Stream.of(fields))
                .collect(Collectors.toUnmodifiableSet());
    }
}
