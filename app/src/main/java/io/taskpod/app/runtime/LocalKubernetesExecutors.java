package io.taskpod.app.runtime;

import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.executor.LocalKubernetesExecutor;

/** Builds the LocalKubernetesExecutor from the providers of its two sides and {@code [local_kubernetes_executor]}. */
public final class LocalKubernetesExecutors {

    private LocalKubernetesExecutors() {}

    /**
     * The provider of an executor that runs the tasks of {@code kubernetes_queue} on {@code kubernetes}, the rest on
     * {@code local}.
     */
    public static ExecutorFactory.Provider provider(ExecutorFactory.Provider local,
            ExecutorFactory.Provider kubernetes) {
        return context -> new LocalKubernetesExecutor(local.create(context), kubernetes.create(context),
                context.config().get(CoreConfigKeys.KUBERNETES_QUEUE));
    }
}
