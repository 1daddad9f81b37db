package io.taskpod.store.user;

import io.taskpod.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code api_user} table. Passwords arrive here already hashed. */
public final class UserRepository {

    private final Jdbc jdbc;

    public UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a user; false, changing nothing, when the username is taken. */
    public boolean create(String username, Role role, String passwordHash, String createdBy, Instant now) {
        return jdbc.withConnection("create user " + username, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_user (username, role, "
                    + "password_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, username);
                insert.setString(2, role.dbValue());
                insert.setString(3, passwordHash);
                insert.setString(4, createdBy);
                Jdbc.setInstant(insert, 5, now);
                return insert.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a user and its sessions; false when there is no such user. */
    public boolean delete(String username) {
        return jdbc.withConnection("delete user " + username, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_user WHERE username = ?")) {
                delete.setString(1, username);
                return delete.executeUpdate() == 1;
            }
        });
    }

    public Optional<UserRecord> find(String username) {
        return jdbc.withConnection("read user " + username, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT username, role, created_by, created_at FROM api_user WHERE username = ?")) {
                query.setString(1, username);
                return Jdbc.first(query, UserRepository::map);
            }
        });
    }

    /** The user's role and the stored hash of its password, to check a password against; empty when there is none. */
    public Optional<StoredLogin> login(String username) {
        return jdbc.withConnection("read the login of user " + username, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT role, password_hash FROM api_user WHERE username = ?")) {
                query.setString(1, username);
                return Jdbc.first(query, row -> new StoredLogin(username, Role.parse(row.getString("role")),
                        row.getString("password_hash")));
            }
        });
    }

    /** Every user, by name. */
    public List<UserRecord> list() {
        return jdbc.withConnection("list users", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT username, role, created_by, created_at FROM api_user ORDER BY username")) {
                return Jdbc.list(query, UserRepository::map);
            }
        });
    }

    private static UserRecord map(ResultSet row) throws SQLException {
        return new UserRecord(row.getString("username"), Role.parse(row.getString("role")), row.getString("created_by"),
                Jdbc.requiredInstant(row, "created_at"));
    }
}
