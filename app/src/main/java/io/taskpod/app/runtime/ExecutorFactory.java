package io.taskpod.app.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the executors {@code [core] executor} names, in order (the first is the default), from providers
 * registered by name. Each module that brings an executor registers its provider here. The list is checked before
 * anything is built: every name known, none twice, and at most one Kubernetes executor (a LocalKubernetesExecutor
 * has one inside).
 */
public final class ExecutorFactory {

    /**
     * What an executor may need to be built.
     *
     * @param configFile the configuration file the process was started with, passed on to worker processes
     * @param database the database in use (an embedded server's resolved URL), for the LocalExecutor's own pool
     * @param registry where the executor registers its meters
     */
    public record Context(Config config, Optional<Path> configFile, DatabaseSettings database, String schedulerId,
            TaskStateLookup taskStateLookup, ResourceVersionStore resourceVersions, Clock clock,
            MeterRegistry registry) {}

    /** Builds one executor. */
    @FunctionalInterface
    public interface Provider {
        Executor create(Context context);
    }

    private final Map<String, Provider> providers;

    public ExecutorFactory(Map<String, Provider> providers) {
        this.providers = new LinkedHashMap<>(providers);
    }

    /** The executors of {@code [core] executor}, built in order once the list is known to be valid. */
    public List<Executor> createConfigured(Context context) {
        List<String> names = context.config().get(CoreConfigKeys.EXECUTOR);
        for (String name : names) {
            if (names.indexOf(name) != names.lastIndexOf(name)) {
                throw listError(names, "executor " + name + " is listed twice");
            }
            providerOf(name, context);
        }
        if (names.contains(LocalKubernetesExecutor.NAME)
                && names.contains(LocalKubernetesExecutor.KUBERNETES_SIDE)) {
            throw listError(names, LocalKubernetesExecutor.NAME + " already runs a "
                    + LocalKubernetesExecutor.KUBERNETES_SIDE + "; two in one scheduler would watch, adopt and clean "
                    + "up the same pods (both label them with this scheduler's id). List one of them: "
                    + LocalKubernetesExecutor.NAME + " sends the tasks of "
                    + CoreConfigKeys.KUBERNETES_QUEUE.qualifiedName() + " to Kubernetes; "
                    + LocalKubernetesExecutor.KUBERNETES_SIDE
                    + " runs the tasks that name it (executor: " + LocalKubernetesExecutor.KUBERNETES_SIDE + ")");
        }
        List<Executor> executors = new ArrayList<>();
        names.forEach(name -> executors.add(create(name, context)));
        return executors;
    }

    /** One executor by name; a name without a provider is a configuration error naming the known ones. */
    public Executor create(String name, Context context) {
        return providerOf(name, context).create(context);
    }

    private Provider providerOf(String name, Context context) {
        Provider provider = providers.get(name);
        if (provider == null) {
            throw listError(context.config().get(CoreConfigKeys.EXECUTOR), "unknown executor '" + name
                    + "'; expected one of " + providers.keySet());
        }
        return provider;
    }

    private static ConfigException listError(List<String> names, String problem) {
        return new ConfigException(CoreConfigKeys.EXECUTOR.qualifiedName() + " = " + String.join(",", names) + ": "
                + problem);
    }
}
