package io.taskpod.kubernetes.pod;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@code taskpod kubernetes generate-pod-yaml}: the pods a DAG's tasks would run in, built exactly as the executor
 * builds them (with the factory's scheduler id), for a placeholder run ({@value #RUN_ID}, try 1, launch attempt 1;
 * mapped tasks as map index 0). No API server is involved.
 */
public final class PodYamlGenerator {

    public static final String RUN_ID = "generate_pod_yaml__placeholder";

    /** One task's pod, or why it cannot be built. */
    public record GeneratedPod(String taskId, PodBuildResult result) {
        public GeneratedPod {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(result, "result");
        }
    }

    private PodYamlGenerator() {}

    /** The pods of the DAG's tasks that {@code which} selects, in the DAG's order. */
    public static List<GeneratedPod> generate(Dag dag, Predicate<TaskDefinition> which, PodFactory factory) {
        return dag.tasks().values().stream()
                .filter(which)
                .map(task -> new GeneratedPod(task.taskId(), factory.build(workload(dag, task))))
                .toList();
    }

    /** The pods as YAML documents, each headed by a comment naming its task; tasks that fail are left out. */
    public static String render(String dagId, List<GeneratedPod> pods) {
        StringBuilder yaml = new StringBuilder();
        for (GeneratedPod pod : pods) {
            if (pod.result() instanceof PodBuildResult.Built built) {
                yaml.append("---\n# ").append(dagId).append('.').append(pod.taskId()).append('\n')
                        .append(PodYaml.toYaml(built.pod()));
            }
        }
        return yaml.toString();
    }

    private static ExecuteTask workload(Dag dag, TaskDefinition task) {
        TaskInstanceKey key = new TaskInstanceKey(dag.dagId(), task.taskId(), RUN_ID, 1, task.isMapped() ? 0 : -1);
        return new ExecuteTask(key, task.queue(), task.priorityWeight(), task.executor(), task.executorConfig(), 1,
                WorkerCommand.forLaunch(key, 1));
    }
}
