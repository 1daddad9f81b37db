package io.taskpod.testkit.kubernetes;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TestKubelet} did with one pod it took on: a snapshot for assertions.
 *
 * @param processLaunched whether the container's process was started
 * @param exitCode the exit code reported for the container, once terminated
 * @param phase the last phase the kubelet wrote ({@code Pending}, {@code Running}, {@code Succeeded},
 *     {@code Failed})
 * @param deleted whether the pod's deletion was seen (its process, if any, was stopped)
 */
public record PodRecord(String namespace, String name, String uid, Map<String, String> labels,
        Map<String, String> annotations, NodeBehaviour behaviour, boolean processLaunched,
        Optional<Integer> exitCode, String phase, boolean deleted) {

    public PodRecord {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The value of an annotation, or else of a label, with this key; "" when neither is set. */
    public String identity(String key) {
        return annotations.getOrDefault(key, labels.getOrDefault(key, ""));
    }

    public boolean isFinished() {
        return phase.equals("Succeeded") || phase.equals("Failed");
    }
}
