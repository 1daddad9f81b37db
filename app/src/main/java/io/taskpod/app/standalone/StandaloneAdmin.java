package io.taskpod.app.standalone;

import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The admin user of {@code standalone}, as Airflow's standalone makes one: created with a generated password on the
 * first start (when no user {@value #USERNAME} exists), the password written to {@value #PASSWORD_FILE} in the taskpod
 * home (readable by its owner only) and printed once.
 */
public final class StandaloneAdmin {

    public static final String USERNAME = "admin";
    public static final String PASSWORD_FILE = "standalone_admin_password.txt";

    private StandaloneAdmin() {}

    /** What the banner says about the admin. */
    public record Login(String username, Path passwordFile, Optional<String> newPassword) {}

    /** Creates the admin when there is none; returns its login, with the password only when it was just created. */
    public static Login ensure(Users users, Path home) {
        Path file = home.resolve(PASSWORD_FILE);
        if (users.list().stream().anyMatch(user -> user.username().equals(USERNAME))) {
            return new Login(USERNAME, file, Optional.empty());
        }
        String password = Passwords.generate();
        users.create(USERNAME, Role.ADMIN, password, new Actor("standalone"));
        write(file, password);
        return new Login(USERNAME, file, Optional.of(password));
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (UnsupportedOperationException e) {
            try {
                Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot write the admin password to " + file, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin password to " + file, e);
        }
    }
}
