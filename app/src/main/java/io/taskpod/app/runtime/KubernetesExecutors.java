package io.taskpod.app.runtime;

import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.port.TryTokenIssuer;
import io.taskpod.kubernetes.config.KubernetesClientFactory;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds the scheduler's KubernetesExecutor: {@code [kubernetes_executor]} read and checked once (a bad value is a
 * {@link io.taskpod.core.config.ConfigException} naming the key, so the scheduler exits 78 before it starts), the
 * fabric8 client for the configured cluster (closed when the executor ends), the scheduler's id and database ports,
 * failure reasons appended to the task logs under {@code [logging] base_log_folder}, {@code [core] parallelism} as
 * its slots, {@code [scheduler] orphaned_tasks_check_interval} as how often it sweeps dead schedulers' pods, and the
 * scheduler's meter registry, and every pod's execution API URL and per-try token ({@link TryTokenDelivery}: pods need no
 * database settings; the token a pod starts with outlasts its longest pending time). The executor logs the settings'
 * start-up warnings when it starts.
 */
public final class KubernetesExecutors {

    private KubernetesExecutors() {}

    public static KubernetesExecutor create(ExecutorFactory.Context context) {
        Config config = context.config();
        KubernetesExecutorSettings settings = KubernetesExecutorSettings.from(config);
        KubernetesClientFactory clients = new KubernetesClientFactory(System.getenv(),
                Path.of(System.getProperty("user.home")));
        return KubernetesExecutor.builder()
                .settings(settings)
                .schedulerId(context.schedulerId())
                .parallelism(config.get(CoreConfigKeys.PARALLELISM))
                .deadSchedulerSweepInterval(config.get(CoreConfigKeys.ORPHANED_TASKS_CHECK_INTERVAL))
                .ownedClient(clients.create(settings))
                .resourceVersions(context.resourceVersions())
                .taskStates(context.taskStateLookup())
                .logFiles(RemoteLogs.taskLogFiles(config, context.clock()))
                .clock(context.clock())
                .meterRegistry(context.registry())
                .tryTokens(new TryTokenDelivery(launchTokens(config, settings, context.clock()),
                        ExecutionApiUrl.of(config)))
                .build();
    }

    /**
     * The issuer of the tokens pods start with: valid for {@code worker_pods_pending_timeout} plus
     * {@code [api] execution_api_jwt_expiration_time}, so a pod Pending as long as the executor lets it still claims.
     */
    static TryTokenIssuer launchTokens(Config config, KubernetesExecutorSettings settings, Clock clock) {
        return TryTokens.from(config, clock).forLaunches(settings.timings().pendingTimeout());
    }
}
