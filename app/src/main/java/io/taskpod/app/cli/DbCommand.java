package io.taskpod.app.cli;

import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.core.config.Config;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code taskpod db …}: the metadata database. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Manage the metadata database.",
        subcommands = {DbCommand.Migrate.class})
public final class DbCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code taskpod db migrate}: creates or upgrades the schema. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Create or upgrade the metadata database schema ([database] url; empty: the embedded PostgreSQL).")
    static final class Migrate implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Config config = configOption.load();
            try (MetadataDatabase database = CliDatabase.open(config, "db-migrate")) {
                int applied = CliDatabase.migrate(database);
                PrintWriter out = spec.commandLine().getOut();
                out.println("Database " + database.describe() + ": "
                        + (applied == 0 ? "the schema is up to date" : "applied " + applied + " migration(s)"));
                out.flush();
                return 0;
            }
        }
    }
}
