package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's {@code executor_config} as the KubernetesExecutor reads it: its own {@code pod_template_file}, and the
 * override layer ({@code pod_override}, or the legacy {@code KubernetesExecutor} keys; both at once is an error, as
 * in Airflow), checked as the API server would check a layer. {@link PodFactory} builds pods with it at launch;
 * {@link #check} runs the same reading when a DAG loads, so a typo is a load error naming the field rather than a
 * failed try. Pure: no file is read, no cluster asked.
 */
public final class ExecutorConfig {

    /** Keys of {@code executor_config} the KubernetesExecutor reads; others belong to other executors. */
    public static final String POD_OVERRIDE = "pod_override";
    public static final String POD_TEMPLATE_FILE = "pod_template_file";

    private ExecutorConfig() {}

    /**
     * Every problem of {@code executorConfig} that needs neither the pod template file nor the configuration, each
     * named {@code executor_config.<field>} (e.g. {@code executor_config.pod_override.spec.containers[0].image}).
     */
    public static List<FieldProblem> check(Map<String, Object> executorConfig) {
        FieldProblems problems = new FieldProblems();
        templateFile(executorConfig, problems);
        override(executorConfig, problems);
        return problems.entries();
    }

    /** Whether the task names its own {@code pod_template_file} (a valid path or not). */
    static boolean hasTemplateFile(Map<String, Object> executorConfig) {
        return executorConfig.get(POD_TEMPLATE_FILE) != null;
    }

    /** The task's own {@code pod_template_file}; empty, with a problem, when it is not a path. */
    static Optional<String> templateFile(Map<String, Object> executorConfig, FieldProblems problems) {
        Object perTask = executorConfig.get(POD_TEMPLATE_FILE);
        if (perTask == null) {
            return Optional.empty();
        }
        if (!(perTask instanceof String path) || path.isBlank()) {
            problems.add("executor_config." + POD_TEMPLATE_FILE, "expected a file path, got " + perTask);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** The task's override layer, checked; empty when it has none or, with problems, when it is not valid. */
    static Optional<ObjectNode> override(Map<String, Object> executorConfig, FieldProblems problems) {
        boolean hasOverride = executorConfig.containsKey(POD_OVERRIDE);
        boolean hasLegacy = executorConfig.containsKey(LegacyExecutorConfig.KEY);
        if (hasOverride && hasLegacy) {
            problems.add("executor_config", "set pod_override or the legacy KubernetesExecutor keys, not both");
            return Optional.empty();
        }
        ObjectNode tree;
        String prefix;
        if (hasOverride) {
            prefix = "executor_config." + POD_OVERRIDE;
            JsonNode node = PodTrees.toTree(executorConfig.get(POD_OVERRIDE));
            if (!node.isObject()) {
                problems.add(prefix, "expected a pod fragment (a mapping with metadata and/or spec), got "
                        + PodTrees.describe(node));
                return Optional.empty();
            }
            tree = (ObjectNode) node;
        } else if (hasLegacy) {
            prefix = "executor_config." + LegacyExecutorConfig.KEY;
            FieldProblems legacy = new FieldProblems();
            tree = LegacyExecutorConfig.toOverride(PodTrees.toTree(executorConfig.get(LegacyExecutorConfig.KEY)), legacy);
            if (!legacy.isEmpty()) {
                problems.addAll(legacy);
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        FieldProblems layer = new FieldProblems();
        UnknownFields.check(tree, prefix, layer);
        PodTrees.toPod(tree, prefix, layer).ifPresent(pod -> {
            PodValidator.checkLayer(pod, prefix, layer);
            PodValidator.checkOverrideReserved(pod, prefix, layer);
        });
        if (!layer.isEmpty()) {
            problems.addAll(layer);
            return Optional.empty();
        }
        return Optional.of(tree);
    }
}
