package io.taskpod.app.cli;

import io.taskpod.app.api.ApiAssembly;
import io.taskpod.app.api.ApiServer;
import io.taskpod.app.api.ApiSettings;
import io.taskpod.app.api.PrometheusRegistry;
import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code taskpod api-server}: only the HTTP server (web page, API, health, metrics), without a scheduler. */
@Command(name = "api-server", mixinStandardHelpOptions = true,
        description = "Serve the web page, the JSON API, /health and /metrics on [api] host:port without running a "
                + "scheduler (schedulers serve them too). /health checks only the database. Runs until SIGTERM "
                + "or Ctrl-C.")
public final class ApiServerCommand implements Callable<Integer> {

    /** How long a signal waits for the server and the database pool to close. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Mixin
    ConfigOption configOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configOption.load();
        ApiSettings.from(config).requireEnabled();
        CountDownLatch stopped = new CountDownLatch(1);
        try (GracefulShutdown shutdown = GracefulShutdown.install(STOP_GRACE, "open requests");
                MetadataDatabase database = CliDatabase.openMigrated(config, "api-server");
                ApiServer api = ApiAssembly.start(config, database.settings(), Optional.empty(),
                        PrometheusRegistry.create(), Clock.systemUTC())) {
            shutdown.stopWith(stopped::countDown);
            spec.commandLine().getOut().println("taskpod API server on " + api.where() + "; database: "
                    + database.describe() + ". Stop with Ctrl-C or SIGTERM.");
            spec.commandLine().getOut().flush();
            stopped.await();
            return 0;
        }
    }
}
