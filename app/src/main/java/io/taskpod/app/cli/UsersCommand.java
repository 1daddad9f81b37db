package io.taskpod.app.cli;

import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.core.config.Config;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import io.taskpod.store.user.UserRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskpod users …}: users of the API and the web page, and their roles. */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Create, list and delete users of the API and the web page (roles: viewer, op, admin).",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Delete.class})
public final class UsersCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static Users users(MetadataDatabase database) {
        return new Users(database.jdbc(), new Passwords(), Clock.systemUTC());
    }

    private static Actor actor() {
        return Actor.cli(System.getProperty("user.name", "unknown"));
    }

    /** {@code users create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user. The password is read from standard input (--password-stdin), so it never "
                    + "shows in the process list or the shell history.",
                    "viewer: read; op: also trigger, clear, mark, pause, cancel, backfill; admin: also manage users."})
    public static final class Create implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Option(names = "--username", required = true, paramLabel = "NAME")
        String username;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, op or admin.")
        String role;

        @Option(names = "--password-stdin", required = true,
                description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UserError("--role: " + e.getMessage(), 2);
            }
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                throw new UserError("--password-stdin: standard input is empty; pipe the password in, e.g. "
                        + "printf '%s\\n' \"$PASSWORD\" | taskpod users create ...", 2);
            }
            Config config = configOption.load();
            try (MetadataDatabase database = CliDatabase.openMigrated(config, "users-create")) {
                if (!users(database).create(username, parsed, password, actor())) {
                    throw new UserError("user '" + username + "' exists already");
                }
            } catch (Users.InvalidUser e) {
                throw new UserError(e.getMessage(), 2);
            }
            spec.commandLine().getOut().println("Created user " + username + " with role " + parsed.dbValue() + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code users list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users and their roles.")
    public static final class ListUsers implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Config config = configOption.load();
            try (MetadataDatabase database = CliDatabase.openMigrated(config, "users-list")) {
                List<UserRecord> all = users(database).list();
                PrintWriter out = spec.commandLine().getOut();
                int width = Math.max(8, all.stream().mapToInt(u -> u.username().length()).max().orElse(0));
                String format = "%-" + width + "s  %-6s  %-20s  %s%n";
                out.printf(format, "username", "role", "created", "created_by");
                all.forEach(user -> out.printf(format, user.username(), user.role().dbValue(),
                        CliText.time(user.createdAt()), user.createdBy()));
                out.flush();
                return 0;
            }
        }
    }

    /** {@code users delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user and end its sessions.")
    public static final class Delete implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Config config = configOption.load();
            try (MetadataDatabase database = CliDatabase.openMigrated(config, "users-delete")) {
                if (!users(database).delete(username, actor())) {
                    throw new UserError("no user '" + CliText.quote(username) + "'");
                }
            }
            spec.commandLine().getOut().println("Deleted user " + username + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
