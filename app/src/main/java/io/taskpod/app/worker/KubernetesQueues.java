package io.taskpod.app.worker;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import java.util.List;
import java.util.Set;

/**
 * Tasks that ask for a pod but will run as local processes: on a {@code [local_kubernetes_executor] kubernetes_queue}
 * queue while {@code [core] executor} has no Kubernetes side (no KubernetesExecutor or LocalKubernetesExecutor). Said
 * in {@code dags list} and in the task's log, so that nobody believes such a task ran in a pod.
 */
public final class KubernetesQueues {

    private KubernetesQueues() {}

    /** The Kubernetes queues whose tasks run locally with this configuration; empty when a Kubernetes side exists. */
    public static Set<String> runLocally(Config config) {
        List<String> executors = config.get(CoreConfigKeys.EXECUTOR);
        if (executors.contains(KubernetesExecutor.NAME) || executors.contains(LocalKubernetesExecutor.NAME)) {
            return Set.of();
        }
        return Set.copyOf(config.get(CoreConfigKeys.KUBERNETES_QUEUE));
    }

    /** The tasks of {@code dag} on one of {@code queues}. */
    public static List<String> tasksOn(Dag dag, Set<String> queues) {
        return dag.tasks().values().stream().filter(task -> queues.contains(task.queue()))
                .map(TaskDefinition::taskId).toList();
    }

    /** What the task's log and {@code dags list} say about such a task. */
    public static String notice(String queue, Config config) {
        return "queue '" + queue + "' is a Kubernetes queue, but [core] executor = "
                + String.join(",", config.get(CoreConfigKeys.EXECUTOR)) + " has no Kubernetes side: the task runs as "
                + "a local process (use LocalKubernetesExecutor to run it in a pod)";
    }
}
