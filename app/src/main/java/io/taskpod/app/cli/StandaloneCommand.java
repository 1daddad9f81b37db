package io.taskpod.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.api.ApiAssembly;
import io.taskpod.app.api.ApiServer;
import io.taskpod.app.api.ApiSettings;
import io.taskpod.app.api.PrometheusRegistry;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.runtime.BuiltInExecutors;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.runtime.SchedulerAssembly;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.standalone.ExampleRuns;
import io.taskpod.app.standalone.StandaloneAdmin;
import io.taskpod.app.standalone.StandaloneBanner;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
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
 * url} names a server), a scheduler with the configured executors, the HTTP server (web page, API, health, metrics),
 * and one run of each unscheduled example DAG.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run taskpod on this machine: embedded database (unless [database] url is set), scheduler and "
                + "executors, web page and API on [api] host:port; triggers the example DAGs once and says where to "
                + "look. Runs until Ctrl-C or SIGTERM.")
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Config config = configOption.load();
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = PrometheusRegistry.create();
        try (GracefulShutdown shutdown = SchedulerRun.installShutdown(config);
                MetadataDatabase database = CliDatabase.openMigrated(config, "standalone")) {
            Optional<ApiServer> api = ApiAssembly.startIfEnabled(config, database.settings(),
                    Optional.of(SchedulerAssembly.schedulerId(config)), registry, clock);
            try {
                run(config, database, api, registry, clock, shutdown);
                return 0;
            } finally {
                api.ifPresent(ApiServer::close);
            }
        }
    }

    private static void createDagsFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError("cannot create the DAGs folder " + folder + " ([core] dags_folder): " + e.getMessage());
        }
    }

    private void run(Config config, MetadataDatabase database, Optional<ApiServer> api,
            PrometheusMeterRegistry registry, Clock clock, GracefulShutdown shutdown) {
        Scheduler scheduler = SchedulerAssembly.scheduler(
                api.map(server -> ExecutionApiUrl.servedBy(config, server.address())).orElse(config),
                Optional.ofNullable(configOption.configFile), database, BuiltInExecutors.factory(), clock, registry);
        DagFolderSource source = new DagFolderSource(config);
        createDagsFolder(source.dagsFolder());
        DagBag bag = source.load();
        StandaloneAdmin.Login admin = StandaloneAdmin.ensure(new Users(database.jdbc(), new Passwords(), clock),
                config.home());
        List<RunKey> triggered = ExampleRuns.trigger(bag, new DagRunRepository(database.jdbc()), clock.instant());
        PrintWriter out = spec.commandLine().getOut();
        out.print(StandaloneBanner.text(new StandaloneBanner.Facts(scheduler.schedulerId(), scheduler.executorNames(),
                source.dagsFolder(), bag.dags().size(), bag.errors().size(),
                Path.of(config.get(CoreConfigKeys.BASE_LOG_FOLDER)), database.describe(),
                api.map(ApiServer::where), ApiSettings.from(config).authenticate(), admin, triggered)));
        out.flush();
        SchedulerRun.run(scheduler, shutdown, () -> false);
    }
}
