package io.taskpod.kubernetes.pod;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workloads and settings for pod-building tests. */
final class PodFixtures {

    static final TaskInstanceKey KEY = new TaskInstanceKey("etl", "load_orders", "manual__2026-01-01T00:00:00+00:00", 1, -1);
    static final String SCHEDULER = "sched-1";

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
}
