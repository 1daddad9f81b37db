package io.taskpod.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;

/** What {@link PodFactory} made of a task: a pod ready to create, or the reasons it cannot be built. */
public sealed interface PodBuildResult {

    /** A pod that passed every check the API server would make on names, labels, quantities and structure. */
    record Built(Pod pod) implements PodBuildResult {
        public Built {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /**
     * The task's pod cannot be built; fail the task at once with {@link #reason()}, no API call.
     *
     * @param problems one "field: what is wrong" line each, e.g.
     *     {@code executor_config.pod_override.spec.containers[0].resources.limits.memory: expected a Kubernetes
     *     quantity, got "lots"}
     */
    record Invalid(List<String> problems) implements PodBuildResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid pod needs at least one problem");
            }
        }

        /** One line for the task's failure reason and log. */
        public String reason() {
            return "cannot build the task's pod: " + String.join("; ", problems);
        }
    }
}
