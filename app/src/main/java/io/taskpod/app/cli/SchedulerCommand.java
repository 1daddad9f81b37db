package io.taskpod.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

/** {@code taskpod scheduler}: runs a scheduler until SIGTERM (or Ctrl-C). */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run a scheduler: create DAG runs, queue ready tasks on the configured executors, apply their "
                + "outcomes. Runs until SIGTERM or Ctrl-C. Several schedulers may share one database.")
public final class SchedulerCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() {
        Config config = configOption.load();
        try (GracefulShutdown shutdown = SchedulerRun.installShutdown(config);
                MetadataDatabase database = CliDatabase.openMigrated(config, "scheduler")) {
            Scheduler scheduler = SchedulerAssembly.scheduler(config, Optional.ofNullable(configOption.configFile),
                    database, BuiltInExecutors.factory(), Clock.systemUTC(), new SimpleMeterRegistry());
            SchedulerRun.run(scheduler, shutdown, () -> false);
            return 0;
        }
    }
}
