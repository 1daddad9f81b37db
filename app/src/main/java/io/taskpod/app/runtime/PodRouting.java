package io.taskpod.app.runtime;

import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import java.util.List;
import java.util.Optional;

/**
 * Which tasks run in a pod under {@code [core] executor}: a task's {@code executor}, or the first configured one,
 * is the KubernetesExecutor, or the LocalKubernetesExecutor with the task's queue among its
 * {@code kubernetes_queue}s. A configuration without either runs no pods at all.
 */
public record PodRouting(List<String> executors, List<String> kubernetesQueues) {

    public PodRouting {
        executors = List.copyOf(executors);
        kubernetesQueues = List.copyOf(kubernetesQueues);
    }

    /** True when some configured executor launches pods. */
    public boolean launchesPods() {
        return executors.contains(KubernetesExecutor.NAME) || executors.contains(LocalKubernetesExecutor.NAME);
    }

    /** Where the task runs when not in a pod (the executor's name, and the queue for the hybrid); empty for a pod. */
    public Optional<String> notInPod(TaskDefinition task) {
        String executor = task.executor().orElse(executors.getFirst());
        if (executor.equals(KubernetesExecutor.NAME)) {
            return Optional.empty();
        }
        if (executor.equals(LocalKubernetesExecutor.NAME)) {
            return kubernetesQueues.contains(task.queue()) ? Optional.empty()
                    : Optional.of("the local side of the " + executor + " (queue " + task.queue() + ")");
        }
        return Optional.of("the " + executor);
    }
}
