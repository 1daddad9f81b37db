package io.taskpod.store.user;

import io.taskpod.store.Jdbc;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code api_session} table. A session is found by the SHA-256 of its cookie's token, so the table never holds
 * a token that could be replayed. Sessions of a deleted user go with it.
 */
public final class SessionRepository {

    private final Jdbc jdbc;

    public SessionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new session, and drops the expired ones of everybody. */
    public void create(String tokenSha256, String username, String csrfToken, Instant now, Instant expiresAt) {
        jdbc.inTransaction("create a login session", connection -> {
            try (PreparedStatement purge = connection.prepareStatement("DELETE FROM api_session WHERE expires_at < ?")) {
                Jdbc.setInstant(purge, 1, now);
                purge.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_session (token_sha256, "
                    + "username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, tokenSha256);
                insert.setString(2, username);
                insert.setString(3, csrfToken);
                Jdbc.setInstant(insert, 4, now);
                Jdbc.setInstant(insert, 5, expiresAt);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The session with this token hash, unless it expired before {@code now}. */
    public Optional<SessionRecord> find(String tokenSha256, Instant now) {
        return jdbc.withConnection("read a login session", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT s.username, u.role, s.csrf_token, "
                    + "s.expires_at FROM api_session s JOIN api_user u ON u.username = s.username "
                    + "WHERE s.token_sha256 = ? AND s.expires_at >= ?")) {
                query.setString(1, tokenSha256);
                Jdbc.setInstant(query, 2, now);
                return Jdbc.first(query, row -> new SessionRecord(row.getString("username"),
                        Role.parse(row.getString("role")), row.getString("csrf_token"),
                        Jdbc.requiredInstant(row, "expires_at")));
            }
        });
    }

    /** Ends a session (logout). */
    public void delete(String tokenSha256) {
        jdbc.withConnection("end a login session", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_session WHERE token_sha256 = ?")) {
                delete.setString(1, tokenSha256);
                return delete.executeUpdate();
            }
        });
    }
}
