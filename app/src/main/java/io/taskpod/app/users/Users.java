package io.taskpod.app.users;

import io.taskpod.store.Jdbc;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.operate.AuditLog;
import io.taskpod.store.user.Role;
import io.taskpod.store.user.StoredLogin;
import io.taskpod.store.user.UserRecord;
import io.taskpod.store.user.UserRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates, lists, deletes and authenticates users; each change is recorded in the audit log. */
public final class Users {

    /** What a username may be. */
    public static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

    /** Why a user could not be created. */
    public static final class InvalidUser extends IllegalArgumentException {
        private final String field;

        InvalidUser(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The field at fault: {@code username} or {@code password}. */
        public String field() {
            return field;
        }
    }

    private final UserRepository users;
    private final AuditLog audit;
    private final Passwords passwords;
    private final Clock clock;

    public Users(Jdbc jdbc, Passwords passwords, Clock clock) {
        this.users = new UserRepository(jdbc);
        this.audit = new AuditLog(jdbc);
        this.passwords = passwords;
        this.clock = clock;
    }

    /**
     * Creates a user; false when the username is taken.
     *
     * @throws InvalidUser when the username or the password breaks the rules, naming which and why
     */
    public boolean create(String username, Role role, String password, Actor actor) {
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidUser("username", "username must be 1 to 64 letters, digits or _ . @ -, got '"
                    + (username.length() > 80 ? username.substring(0, 80) + "…" : username) + "'");
        }
        if (password.length() < Passwords.MIN_LENGTH) {
            throw new InvalidUser("password", "password must have at least " + Passwords.MIN_LENGTH
                    + " characters, got " + password.length());
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw new InvalidUser("password", "password must have at most " + Passwords.MAX_BYTES
                    + " bytes in UTF-8 (BCrypt reads no more)");
        }
        boolean created = users.create(username, role, passwords.hash(password), actor.name(), clock.instant());
        if (created) {
            audit.record(actor, "user.create", Optional.empty(), Optional.empty(),
                    Optional.of(username + " as " + role.dbValue()));
        }
        return created;
    }

    /** Deletes a user and its sessions; false when there is none. */
    public boolean delete(String username, Actor actor) {
        boolean deleted = users.delete(username);
        if (deleted) {
            audit.record(actor, "user.delete", Optional.empty(), Optional.empty(), Optional.of(username));
        }
        return deleted;
    }

    public List<UserRecord> list() {
        return users.list();
    }

    /**
     * The login of the user with this name and password; empty for an unknown user or a wrong password (which take
     * alike long).
     */
    public Optional<StoredLogin> authenticate(String username, String password) {
        Optional<StoredLogin> login = users.login(username);
        boolean matches = passwords.matches(password, login.map(StoredLogin::passwordHash).orElse(DUMMY_HASH));
        return login.filter(found -> matches);
    }

    /** The user's current role and password hash, without checking a password; empty when there is no such user. */
    public Optional<StoredLogin> login(String username) {
        return users.login(username);
    }

    /** A hash to check against for unknown users, so that a wrong username takes as long as a wrong password. */
    private static final String DUMMY_HASH = new Passwords(10).hash(Passwords.generate());
}
