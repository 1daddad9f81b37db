package io.taskpod.app.runtime;

import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.kubernetes.config.KubernetesClientFactory;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import java.nio.file.Path;

/**
 * Builds the scheduler's KubernetesExecutor from {@code [kubernetes_executor]}: pods carry the scheduler's id, watch
 * positions go to the database, and finished pods' states are read from it. The API client lives as long as the
 * scheduler process (its executors are built once per process).
 */
public final class KubernetesExecutors {

    private KubernetesExecutors() {}

    public static KubernetesExecutor create(ExecutorFactory.Context context) {
        KubernetesExecutorSettings settings = KubernetesExecutorSettings.from(context.config());
        Path logFolder = Path.of(context.config().get(CoreConfigKeys.BASE_LOG_FOLDER));
        return KubernetesExecutor.builder()
                .settings(settings)
                .schedulerId(context.schedulerId())
                .parallelism(context.config().get(CoreConfigKeys.PARALLELISM))
                .client(new KubernetesClientFactory(System.getenv(), Path.of(System.getProperty("user.home")))
                        .create(settings))
                .resourceVersions(context.resourceVersions())
                .taskStates(context.taskStateLookup())
                .logFiles(new TaskLogFiles(logFolder, context.clock()))
                .clock(context.clock())
                .build();
    }
}
