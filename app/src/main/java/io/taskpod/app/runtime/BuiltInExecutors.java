package io.taskpod.app.runtime;

import io.taskpod.app.worker.LocalExecutors;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import java.util.Map;

/**
 * The executors taskpod ships, by the name {@code [core] executor} uses: the LocalExecutor (workers are local
 * {@code taskpod tasks run} processes told where the configuration and the database are) and the
 * KubernetesExecutor (a pod per try, {@link KubernetesExecutors}).
 */
public final class BuiltInExecutors {

    private BuiltInExecutors() {}

    public static ExecutorFactory factory() {
        return new ExecutorFactory(Map.of(
                LocalExecutor.NAME, context -> LocalExecutors.create(context.config(), context.configFile(), context.database()),
                KubernetesExecutor.NAME, KubernetesExecutors::create));
    }
}
