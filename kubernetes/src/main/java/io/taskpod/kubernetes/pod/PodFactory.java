package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the pod for one launch of one try, Airflow's {@code PodGenerator.construct_pod}: the base pod from
 * {@code pod_template_file} (the task's {@code executor_config.pod_template_file}, else the global one, else a bare
 * pod), then the {@link GeneratedPodLayer}, then the task's override (read and checked by {@link ExecutorConfig}),
 * merged by the rules in {@link PodMerge}; a {@code base} container still without an image gets this build's (see
 * {@link io.taskpod.kubernetes.config.WorkerImage}). Every layer and the result are checked as the API server would check them, so a pod
 * that {@link PodBuildResult.Built} returns can be created, and an {@link PodBuildResult.Invalid} names each field.
 *
 * <p>Only the template file is read from disk; everything else is a pure function of the workload and settings.
 */
public final class PodFactory {

    private final KubernetesExecutorSettings settings;
    private final String schedulerId;
    private final PodTemplateLoader templates;

    public PodFactory(KubernetesExecutorSettings settings, String schedulerId, PodTemplateLoader templates) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.schedulerId = Objects.requireNonNull(schedulerId, "schedulerId");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The pod for this workload's try and launch attempt, or every reason it cannot be built. */
    public PodBuildResult build(ExecuteTask task) {
        FieldProblems problems = new FieldProblems();
        Map<String, Object> executorConfig = task.executorConfig();
        ObjectNode template = template(executorConfig, problems);
        Optional<ObjectNode> override = ExecutorConfig.override(executorConfig, problems);
        List<String> command = task.command();
        if (command.size() < 3 || !command.get(0).equals(WorkerCommand.PROGRAM) || !command.get(1).equals("tasks")
                || !command.get(2).equals("run")) {
            problems.add("command", "the worker command must start with 'taskpod tasks run', got " + command);
        }
        if (!problems.isEmpty()) {
            return new PodBuildResult.Invalid(problems.list());
        }
        PodIdentity identity = new PodIdentity(task.key(), task.launchAttempt(), schedulerId);
        ObjectNode generated = GeneratedPodLayer.of(identity, settings.pods().namespace(),
                settings.pods().workerImage().overridingTemplate(), command.subList(1, command.size()));
        boolean templateHasBase = hasBase(template);
        if (template.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("generateName");
        }
        ObjectNode merged = PodMerge.merge(template, generated);
        if (override.isPresent()) {
            merged = PodMerge.merge(merged, override.get());
        }
        if (!templateHasBase) {
            moveBaseFirst(merged);
        }
        fillMissingBaseImage(merged, settings.pods().workerImage().reference());
        Optional<Pod> pod = PodTrees.toPod(merged, "pod", problems);
        pod.ifPresent(p -> PodValidator.checkFinal(p, settings.pods().watchScope(), "pod", problems));
        if (!problems.isEmpty() || pod.isEmpty()) {
            return new PodBuildResult.Invalid(problems.list());
        }
        return new PodBuildResult.Built(pod.get());
    }

    private ObjectNode template(Map<String, Object> executorConfig, FieldProblems problems) {
        if (ExecutorConfig.hasTemplateFile(executorConfig)) {
            return ExecutorConfig.templateFile(executorConfig, problems)
                    .flatMap(path -> templates.load(Path.of(path), "executor_config.pod_template_file(" + path + ")",
                            problems))
                    .orElseGet(JsonNodeFactory.instance::objectNode);
        }
        Optional<Path> file = settings.pods().podTemplateFile();
        String prefix = file.map(f -> "pod_template_file(" + f + ")").orElse("pod_template_file");
        return file.flatMap(f -> templates.load(f, prefix, problems)).orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private static boolean hasBase(ObjectNode pod) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (PodLabels.BASE_CONTAINER.equals(container.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** This build's image for a {@code base} container that neither template nor override gave one. */
    private static void fillMissingBaseImage(ObjectNode pod, String image) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (container instanceof ObjectNode base && PodLabels.BASE_CONTAINER.equals(base.path("name").asText())
                    && base.path("image").asText("").isBlank()) {
                base.put("image", image);
            }
        }
    }

    private static void moveBaseFirst(ObjectNode pod) {
        if (!(pod.path("spec").get("containers") instanceof ArrayNode containers)) {
            return;
        }
        for (int i = 1; i < containers.size(); i++) {
            if (PodLabels.BASE_CONTAINER.equals(containers.get(i).path("name").asText())) {
                JsonNode base = containers.remove(i);
                containers.insert(0, base);
                return;
            }
        }
    }
}
