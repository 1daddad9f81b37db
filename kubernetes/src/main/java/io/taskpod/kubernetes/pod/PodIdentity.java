package io.taskpod.kubernetes.pod;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a worker pod is for: the try, the launch attempt of that try, and the scheduler that owns it. Written into
 * every pod as exact annotations plus sanitised labels ({@link PodLabels}); read back from the annotations alone
 * ({@link #of}), because sanitised labels are lossy.
 */
public record PodIdentity(TaskInstanceKey key, int launchAttempt, String schedulerId) {

    public PodIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(schedulerId, "schedulerId");
        if (launchAttempt < 1) {
            throw new IllegalArgumentException("launchAttempt starts at 1, got " + launchAttempt);
        }
    }

    /** The deterministic pod name of this launch ({@link PodNames#podName}). */
    public String podName() {
        return PodNames.podName(key, launchAttempt);
    }

    /** Labels for selecting: identity (safe values), owner, and the executor marker. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodLabels.DAG_ID, LabelValues.safe(key.dagId()));
        labels.put(PodLabels.TASK_ID, LabelValues.safe(key.taskId()));
        labels.put(PodLabels.RUN_ID, LabelValues.safe(key.runId()));
        labels.put(PodLabels.TRY_NUMBER, Integer.toString(key.tryNumber()));
        if (key.isMapped()) {
            labels.put(PodLabels.MAP_INDEX, Integer.toString(key.mapIndex()));
        }
        labels.put(PodLabels.LAUNCH_ATTEMPT, Integer.toString(launchAttempt));
        labels.put(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE);
        labels.put(PodLabels.WORKER, LabelValues.safe(schedulerId));
        return labels;
    }

    /** Annotations with the exact ids: the source of truth for {@link #of}. */
    public Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(PodLabels.DAG_ID, key.dagId());
        annotations.put(PodLabels.TASK_ID, key.taskId());
        annotations.put(PodLabels.RUN_ID, key.runId());
        annotations.put(PodLabels.TRY_NUMBER, Integer.toString(key.tryNumber()));
        if (key.isMapped()) {
            annotations.put(PodLabels.MAP_INDEX, Integer.toString(key.mapIndex()));
        }
        annotations.put(PodLabels.LAUNCH_ATTEMPT, Integer.toString(launchAttempt));
        annotations.put(PodLabels.WORKER, schedulerId);
        return annotations;
    }

    /**
     * Reads a pod's identity from its annotations. {@code map_index} is optional (-1: unmapped); the others are
     * required. Throws {@link InvalidPodIdentityException} naming the pod and every missing or malformed annotation.
     */
    public static PodIdentity of(Pod pod) {
        ObjectMeta meta = Optional.ofNullable(pod.getMetadata()).orElseGet(ObjectMeta::new);
        Map<String, String> annotations = Optional.ofNullable(meta.getAnnotations()).orElse(Map.of());
        List<String> problems = new ArrayList<>();
        String dagId = required(annotations, PodLabels.DAG_ID, problems);
        String taskId = required(annotations, PodLabels.TASK_ID, problems);
        String runId = required(annotations, PodLabels.RUN_ID, problems);
        String schedulerId = required(annotations, PodLabels.WORKER, problems);
        int tryNumber = number(annotations, PodLabels.TRY_NUMBER, true, 0, problems);
        int mapIndex = number(annotations, PodLabels.MAP_INDEX, false, -1, problems);
        int launchAttempt = number(annotations, PodLabels.LAUNCH_ATTEMPT, true, 1, problems);
        if (!problems.isEmpty()) {
            throw new InvalidPodIdentityException("pod " + meta.getNamespace() + "/" + meta.getName()
                    + " is not a taskpod worker pod or was changed: " + String.join("; ", problems));
        }
        return new PodIdentity(new TaskInstanceKey(dagId, taskId, runId, tryNumber, mapIndex), launchAttempt, schedulerId);
    }

    private static String required(Map<String, String> annotations, String key, List<String> problems) {
        String value = annotations.get(key);
        if (value == null || value.isEmpty()) {
            problems.add("annotation " + key + " is missing");
            return "";
        }
        return value;
    }

    private static int number(Map<String, String> annotations, String key, boolean required, int min,
            List<String> problems) {
        String value = annotations.get(key);
        if (value == null) {
            if (required) {
                problems.add("annotation " + key + " is missing");
            }
            return min;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("annotation " + key + " = '" + value + "' is not a whole number >= " + min);
        return min;
    }
}
