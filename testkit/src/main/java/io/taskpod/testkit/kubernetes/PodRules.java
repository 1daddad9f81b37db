package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A pod's rules as the API server applies them: defaults on create (the status reset to {@code Pending},
 * restart policy, grace period, pull policy), spec validation (containers, names, duplicates, images, volume
 * mounts, environment names), spec immutability on update, and graceful deletion for pods bound to a node.
 */
record PodRules() implements ObjectRules {

    static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

    @Override
    public void prepareForCreate(ObjectNode pod) {
        applyDefaults(pod);
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(pod.path("spec")));
    }

    @Override
    public void applyDefaults(ObjectNode pod) {
        ObjectNode spec = pod.has("spec") && pod.get("spec").isObject() ? (ObjectNode) pod.get("spec")
                : pod.putObject("spec");
        putIfMissing(spec, "restartPolicy", "Always");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", DEFAULT_GRACE_PERIOD_SECONDS);
        }
        putIfMissing(spec, "dnsPolicy", "ClusterFirst");
        putIfMissing(spec, "schedulerName", "default-scheduler");
        putIfMissing(spec, "serviceAccountName", "default");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : spec.path(list)) {
                if (container instanceof ObjectNode object) {
                    putIfMissing(object, "imagePullPolicy", pullPolicy(Json.text(object, "image")));
                    putIfMissing(object, "terminationMessagePath", "/dev/termination-log");
                    putIfMissing(object, "terminationMessagePolicy", "File");
                }
            }
        }
    }

    @Override
    public List<FieldCause> validate(ObjectNode pod) {
        List<FieldCause> causes = new ArrayList<>(MetadataValidation.validate(pod, NameRules::dns1123Subdomain));
        JsonNode spec = pod.path("spec");
        if (!spec.path("containers").isArray() || spec.path("containers").isEmpty()) {
            causes.add(FieldCause.required("spec.containers"));
        }
        Set<String> volumes = new HashSet<>();
        for (int i = 0; i < spec.path("volumes").size(); i++) {
            String name = Json.text(spec.path("volumes").get(i), "name");
            String field = "spec.volumes[" + i + "].name";
            NameRules.dns1123Label(name).forEach(error -> causes.add(FieldCause.invalid(field, name, error)));
            if (!volumes.add(name)) {
                causes.add(FieldCause.duplicate(field, name));
            }
        }
        Set<String> containerNames = new HashSet<>();
        for (String list : List.of("initContainers", "containers")) {
            JsonNode containers = spec.path(list);
            for (int i = 0; i < containers.size(); i++) {
                validateContainer(containers.get(i), "spec." + list + "[" + i + "]", containerNames, volumes, causes);
            }
        }
        String restartPolicy = Json.text(spec, "restartPolicy");
        if (!restartPolicy.isEmpty() && !RESTART_POLICIES.contains(restartPolicy)) {
            causes.add(FieldCause.notSupported("spec.restartPolicy", restartPolicy,
                    "\"Always\", \"OnFailure\", \"Never\""));
        }
        String hostname = Json.text(spec, "hostname");
        if (!hostname.isEmpty()) {
            NameRules.dns1123Label(hostname).forEach(error ->
                    causes.add(FieldCause.invalid("spec.hostname", hostname, error)));
        }
        return causes;
    }

    @Override
    public List<FieldCause> validateUpdate(ObjectNode updated, ObjectNode old) {
        List<FieldCause> causes = new ArrayList<>(validate(updated));
        if (!mutableFieldsCleared(updated.path("spec")).equals(mutableFieldsCleared(old.path("spec")))) {
            causes.add(FieldCause.forbidden("spec", "pod updates may not change fields other than"
                    + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    + "`spec.tolerations` (only additions to existing tolerations),"
                    + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
        }
        return causes;
    }

    /**
     * Pods bound to a node are deleted gracefully (the kubelet finishes the deletion); unscheduled and finished
     * pods go at once, as in Kubernetes.
     */
    @Override
    public long gracePeriodSeconds(ObjectNode pod, OptionalLong requested) {
        String phase = Json.text(pod, "status", "phase");
        if (Json.text(pod, "spec", "nodeName").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        JsonNode specGrace = pod.path("spec").path("terminationGracePeriodSeconds");
        long grace = requested.orElse(specGrace.isNumber() ? specGrace.asLong() : DEFAULT_GRACE_PERIOD_SECONDS);
        return Math.max(grace, 0);
    }

    private static void validateContainer(JsonNode container, String path, Set<String> names, Set<String> volumes,
            List<FieldCause> causes) {
        String name = Json.text(container, "name");
        if (name.isEmpty()) {
            causes.add(FieldCause.required(path + ".name"));
        } else {
            NameRules.dns1123Label(name).forEach(error -> causes.add(FieldCause.invalid(path + ".name", name, error)));
            if (!names.add(name)) {
                causes.add(FieldCause.duplicate(path + ".name", name));
            }
        }
        if (Json.text(container, "image").isBlank()) {
            causes.add(FieldCause.required(path + ".image"));
        }
        JsonNode env = container.path("env");
        for (int i = 0; i < env.size(); i++) {
            String envName = Json.text(env.get(i), "name");
            String field = path + ".env[" + i + "].name";
            if (envName.isEmpty()) {
                causes.add(FieldCause.required(field));
            } else if (!envName.chars().allMatch(c -> c >= 32 && c <= 126 && c != '=')) {
                causes.add(FieldCause.invalid(field, envName, "a valid environment variable name must consist only"
                        + " of printable ASCII characters other than '='"));
            }
        }
        JsonNode mounts = container.path("volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            String volume = Json.text(mounts.get(i), "name");
            if (!volumes.contains(volume)) {
                causes.add(FieldCause.notFound(path + ".volumeMounts[" + i + "].name", volume));
            }
            if (Json.text(mounts.get(i), "mountPath").isEmpty()) {
                causes.add(FieldCause.required(path + ".volumeMounts[" + i + "].mountPath"));
            }
        }
    }

    private static JsonNode mutableFieldsCleared(JsonNode spec) {
        if (!(spec instanceof ObjectNode object)) {
            return Json.object();
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("activeDeadlineSeconds", "tolerations", "nodeName"));
        for (String list : List.of("initContainers", "containers")) {
            if (copy.get(list) instanceof ArrayNode containers) {
                containers.forEach(container -> {
                    if (container instanceof ObjectNode c) {
                        c.remove("image");
                    }
                });
            }
        }
        return copy;
    }

    private static String pullPolicy(String image) {
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        boolean tagged = lastSegment.contains(":") || lastSegment.contains("@");
        return !tagged || lastSegment.endsWith(":latest") ? "Always" : "IfNotPresent";
    }

    private static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode container : spec.path("containers")) {
            JsonNode resources = container.path("resources");
            JsonNode limits = resources.path("limits");
            JsonNode requests = resources.path("requests");
            any |= !limits.isEmpty() || !requests.isEmpty();
            for (String resource : List.of("cpu", "memory")) {
                String limit = Json.text(limits, resource);
                String request = Json.text(requests, resource);
                guaranteed &= !limit.isEmpty() && (request.isEmpty() || request.equals(limit));
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static void putIfMissing(ObjectNode object, String field, String value) {
        if (!object.hasNonNull(field) || object.get(field).asText().isEmpty()) {
            object.put(field, value);
        }
    }
}
