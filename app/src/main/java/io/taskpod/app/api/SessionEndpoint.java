package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.taskpod.store.user.Role;
import io.taskpod.store.user.SessionRepository;
import io.taskpod.store.user.StoredLogin;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The web page's login: {@code POST /api/v1/session} with {@code {"username", "password"}} checks the password and
 * sets the session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} behind HTTPS), answering the
 * user, role and CSRF token (a username with too many failed logins gets 429, {@link ThrottledLogins}); {@code GET}
 * answers the same for the current caller; {@code DELETE} logs out. The cookie holds a random 256-bit token of which
 * the database keeps only the SHA-256.
 */
final class SessionEndpoint {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LOGIN_FIELDS = Set.of("username", "password");

    /** What the page learns about its caller. */
    record SessionView(boolean authenticationRequired, String username, String role, String csrfToken,
            Instant expiresAt) {}

    private final ApiAuth auth;
    private final ThrottledLogins logins;
    private final SessionRepository sessions;
    private final Duration lifetime;
    private final Clock clock;
    private final ObjectMapper json;

    SessionEndpoint(ApiAuth auth, ThrottledLogins logins, SessionRepository sessions, Duration lifetime, Clock clock,
            ObjectMapper json) {
        this.auth = auth;
        this.logins = logins;
        this.sessions = sessions;
        this.lifetime = lifetime;
        this.clock = clock;
        this.json = json;
    }

    void login(Context ctx) {
        ApiBody body = ApiBody.of(ctx, json, LOGIN_FIELDS, "a JSON object with username and password");
        String username = body.text("username").orElseThrow(() -> ApiError.badRequest("username", "username is required"));
        String password = body.text("password").orElseThrow(() -> ApiError.badRequest("password", "password is required"));
        StoredLogin user = logins.authenticate(username, password, ctx.ip())
                .orElseThrow(() -> ApiError.unauthorized("wrong username or password"));
        String token = random();
        String csrf = random();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        sessions.create(ApiAuth.sha256(token), user.username(), csrf, now, expires);
        Cookie cookie = new Cookie(ApiAuth.SESSION_COOKIE, token, "/", (int) lifetime.toSeconds(), secure(ctx), true,
                null, SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.json(new SessionView(auth.required(), user.username(), user.role().dbValue(), csrf, expires));
    }

    void show(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(new SessionView(auth.required(), caller.username().orElse(null),
                caller.username().isPresent() ? caller.role().dbValue() : Role.ADMIN.dbValue(),
                caller.csrfToken().orElse(null), null));
    }

    void logout(Context ctx) {
        Optional.ofNullable(ctx.cookie(ApiAuth.SESSION_COOKIE)).ifPresent(token -> sessions.delete(ApiAuth.sha256(token)));
        ctx.removeCookie(ApiAuth.SESSION_COOKIE, "/");
        ctx.status(204);
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse(""));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
