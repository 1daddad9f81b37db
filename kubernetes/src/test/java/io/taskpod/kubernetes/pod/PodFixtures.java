package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workloads and settings for pod-building tests. */
final class PodFixtures {

    static final TaskInstanceKey KEY = new TaskInstanceKey("etl", "load_orders", "manual__2026-01-01T00:00:00+00:00", 1, -1);
    static final String SCHEDULER = "sched-1";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PodFixtures() {}

    static ExecuteTask task(Map<String, Object> executorConfig) {
        return new ExecuteTask(KEY, "kubernetes", 1, Optional.empty(), executorConfig, 1, WorkerCommand.forLaunch(KEY, 1));
    }

    static KubernetesExecutorSettings settings(Map<String, String> keys) {
        MapConfigSource source = new MapConfigSource("test");
        keys.forEach((key, value) -> source.set(KubernetesConfigKeys.SECTION, key, value));
        return KubernetesExecutorSettings.from(new Config(source, new ConfigSchema(List.of(KubernetesConfigKeys.ALL)),
                Path.of("/home/taskpod")));
    }

    static PodFactory factory(Map<String, String> keys) {
        return new PodFactory(settings(keys), SCHEDULER, new PodTemplateLoader());
    }

    /** A pod tree from (flow-style) YAML. */
    static ObjectNode tree(String yaml) {
        return (ObjectNode) node(yaml);
    }

    /** Any tree from (flow-style) YAML. */
    static JsonNode node(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
