package io.taskpod.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.api.ApiAssembly;
import io.taskpod.app.api.ApiServer;
import io.taskpod.app.api.PrometheusRegistry;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.runtime.BuiltInExecutors;
import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.runtime.SchedulerAssembly;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.core.config.Config;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code taskpod scheduler}: runs a scheduler, and the HTTP server that reports on it, until SIGTERM (or Ctrl-C). */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run a scheduler: create DAG runs, queue ready tasks on the configured executors, apply their "
                + "outcomes. Serves /health, /metrics and the API on [api] host:port unless [api] enabled is False. "
                + "Runs until SIGTERM or Ctrl-C. Several schedulers may share one database.")
public final class SchedulerCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() {
        Config config = configOption.load();
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = PrometheusRegistry.create();
        try (GracefulShutdown shutdown = SchedulerRun.installShutdown(config);
                MetadataDatabase database = CliDatabase.openMigrated(config, "scheduler")) {
            Optional<ApiServer> api = ApiAssembly.startIfEnabled(config, database.settings(),
                    Optional.of(SchedulerAssembly.schedulerId(config)), registry, clock);
            try {
                Scheduler scheduler = SchedulerAssembly.scheduler(
                        api.map(server -> ExecutionApiUrl.servedBy(config, server.address())).orElse(config),
                        Optional.ofNullable(configOption.configFile),
                        database, BuiltInExecutors.factory(), clock, registry);
                SchedulerRun.run(scheduler, shutdown, () -> false);
                return 0;
            } finally {
                api.ifPresent(ApiServer::close);
            }
        }
    }
}
