package io.taskpod.kubernetes.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.LinkedHashMap;

/** Worker pods as the executor creates them, for unit tests: {@code WorkerPods.of(key, "sched-1").phase("Running")}. */
public final class WorkerPods {

    private WorkerPods() {}

    public static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("etl", taskId, "manual__2026-01-01", 1, -1);
    }

    public static Pod pod(TaskInstanceKey key, int launchAttempt, String schedulerId, String phase, String resourceVersion) {
        PodIdentity identity = new PodIdentity(key, launchAttempt, schedulerId);
        return new PodBuilder().withNewMetadata().withName(identity.podName()).withNamespace("default")
                .withLabels(new LinkedHashMap<>(identity.labels())).withAnnotations(new LinkedHashMap<>(identity.annotations()))
                .withResourceVersion(resourceVersion).withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().addNewContainer().withName("base").withImage("taskpod/worker:test").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    public static Pod pod(TaskInstanceKey key, String phase) {
        return pod(key, 1, "sched-1", phase, "1");
    }
}
