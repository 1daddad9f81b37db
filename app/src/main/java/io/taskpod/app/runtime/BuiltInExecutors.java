package io.taskpod.app.runtime;

import java.util.Map;

/**
 * The executors taskpod ships, by the name {@code [core] executor} uses. Each executor's module registers its
 * provider here as it lands: the LocalExecutor with the worker ({@code LocalExecutors.create}), the Kubernetes
 * executors with the kubernetes module.
 */
public final class BuiltInExecutors {

    private BuiltInExecutors() {}

    public static ExecutorFactory factory() {
        return new ExecutorFactory(Map.of());
    }
}
