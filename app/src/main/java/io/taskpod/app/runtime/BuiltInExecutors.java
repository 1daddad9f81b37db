package io.taskpod.app.runtime;

import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executors taskpod ships, by the name {@code [core] executor} uses: the LocalExecutor (each task a child
 * process of the scheduler), the KubernetesExecutor (a pod per try), and the LocalKubernetesExecutor built from those
 * two.
 */
public final class BuiltInExecutors {

    private BuiltInExecutors() {}

    public static ExecutorFactory factory() {
        ExecutorFactory.Provider local = context -> LocalExecutors.create(context.config(), context.configFile(),
                context.database(), context.clock());
        ExecutorFactory.Provider kubernetes = KubernetesExecutors::create;
        Map<String, ExecutorFactory.Provider> providers = new LinkedHashMap<>();
        providers.put(LocalExecutor.NAME, local);
        providers.put(KubernetesExecutor.NAME, kubernetes);
        providers.put(LocalKubernetesExecutor.NAME, LocalKubernetesExecutors.provider(local, kubernetes));
        return new ExecutorFactory(providers);
    }
}
