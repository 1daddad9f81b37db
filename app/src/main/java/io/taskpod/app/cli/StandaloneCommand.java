package io.taskpod.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.runtime.BuiltInExecutors;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.runtime.SchedulerAssembly;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.standalone.ExampleRuns;
import io.taskpod.app.standalone.StandaloneBanner;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code taskpod standalone}: the whole product on one machine: the embedded PostgreSQL (unless {@code [database]
 * url} names a server), a scheduler with the configured executors, and one run of each unscheduled example DAG.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run taskpod on this machine: embedded database (unless [database] url is set), scheduler and "
                + "executors; triggers the example DAGs once and says where to look. Runs until Ctrl-C or SIGTERM.")
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Config config = configOption.load();
        Clock clock = Clock.systemUTC();
        try (GracefulShutdown shutdown = SchedulerRun.installShutdown(config);
                MetadataDatabase database = CliDatabase.openMigrated(config, "standalone")) {
            Scheduler scheduler = SchedulerAssembly.scheduler(config, Optional.ofNullable(configOption.configFile),
                    database, BuiltInExecutors.factory(), clock, new SimpleMeterRegistry());
            DagFolderSource source = new DagFolderSource(config);
            DagBag bag = source.load();
            List<RunKey> triggered = ExampleRuns.trigger(bag, new DagRunRepository(database.jdbc()), clock.instant());
            PrintWriter out = spec.commandLine().getOut();
            out.print(StandaloneBanner.text(new StandaloneBanner.Facts(scheduler.schedulerId(), scheduler.executorNames(),
                    source.dagsFolder(), bag.dags().size(), bag.errors().size(),
                    Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), database.describe(), triggered)));
            out.flush();
            SchedulerRun.run(scheduler, shutdown, () -> false);
            return 0;
        }
    }
}
