package io.taskpod.app.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.taskpod.app.users.Users;
import io.taskpod.store.user.Role;
import io.taskpod.store.user.SessionRecord;
import io.taskpod.store.user.SessionRepository;
import io.taskpod.store.user.StoredLogin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what over HTTP. A request names its user with HTTP Basic credentials, or with the session cookie the page
 * gets from {@code POST /api/v1/session}; a request changing anything with the cookie must also send the session's
 * CSRF token in {@value #CSRF_HEADER}. Bad credentials, an expired session or a missing token are refused (401, 403)
 * whether or not authentication is on. With {@code [api] authenticate} on, a request naming no user gets 401; a user
 * whose role lacks the right gets 403. Checked Basic credentials are remembered for {@link #CREDENTIALS_TTL} so that a
 * client polling the API does not pay a BCrypt hash per request; each request still reads the user's row, so a
 * deleted user, a changed password or a changed role takes effect at once, as it does for a session. Passwords are
 * checked through {@link ThrottledLogins}, so a username with too many failures gets 429; remembered credentials are
 * not, so that someone guessing a user's password cannot lock out that user's running clients.
 */
final class ApiAuth {

    static final String SESSION_COOKIE = "taskpod_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The page sends this header; its 401s then carry no Basic challenge, which would make the browser prompt. */
    static final String PAGE_HEADER = "X-Requested-With";
    static final Duration CREDENTIALS_TTL = Duration.ofSeconds(60);
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    /** Credentials that matched {@code passwordHash}, the user's stored hash then, until {@code until}. */
    private record Checked(String passwordHash, Instant until) {}

    private final boolean required;
    private final Users users;
    private final ThrottledLogins logins;
    private final SessionRepository sessions;
    private final Clock clock;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    ApiAuth(boolean required, Users users, ThrottledLogins logins, SessionRepository sessions, Clock clock) {
        this.required = required;
        this.users = users;
        this.logins = logins;
        this.sessions = sessions;
        this.clock = clock;
    }

    boolean required() {
        return required;
    }

    /** Finds the caller, refuses it when it may not do what {@code needed} stands for, and attaches it to the request. */
    Caller authorize(Context ctx, Role needed) {
        Caller caller = caller(ctx);
        if (!caller.role().includes(needed)) {
            throw ApiError.forbidden("user '" + caller.username().orElse(Caller.ANONYMOUS) + "' has role "
                    + caller.role().dbValue() + "; this needs " + needed.dbValue()
                    + (needed == Role.ADMIN ? "" : " or admin"));
        }
        caller.attachTo(ctx);
        return caller;
    }

    private Caller caller(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            return basic(ctx, authorization);
        }
        String token = ctx.cookie(SESSION_COOKIE);
        if (token != null) {
            Optional<SessionRecord> session = sessions.find(sha256(token), clock.instant());
            if (session.isPresent()) {
                requireCsrfToken(ctx, session.get());
                return new Caller(Optional.of(session.get().username()), session.get().role(),
                        Optional.of(session.get().csrfToken()));
            }
            if (required) {
                throw unauthorized(ctx, "your session has expired or ended; log in again");
            }
        }
        if (required) {
            throw unauthorized(ctx, "authentication required: send HTTP Basic credentials (curl -u USER:PASSWORD) "
                    + "or log in on the page");
        }
        return Caller.anonymous();
    }

    private Caller basic(Context ctx, String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized(ctx, "unsupported Authorization scheme; use Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized(ctx, "the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized(ctx, "the Basic credentials must be USER:PASSWORD");
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String key = sha256(decoded);
        Instant now = clock.instant();
        Checked hit = checked.get(key);
        if (hit != null && now.isBefore(hit.until())) {
            Optional<StoredLogin> current = users.login(username)
                    .filter(login -> login.passwordHash().equals(hit.passwordHash()));
            if (current.isPresent()) {
                return new Caller(Optional.of(username), current.get().role(), Optional.empty());
            }
            checked.remove(key);
        }
        StoredLogin login = logins.authenticate(username, password, ctx.ip())
                .orElseThrow(() -> unauthorized(ctx, "wrong username or password"));
        checked.values().removeIf(entry -> !now.isBefore(entry.until()));
        checked.put(key, new Checked(login.passwordHash(), now.plus(CREDENTIALS_TTL)));
        return new Caller(Optional.of(username), login.role(), Optional.empty());
    }

    private static void requireCsrfToken(Context ctx, SessionRecord session) {
        if (SAFE.contains(ctx.method())) {
            return;
        }
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.forbidden("missing or wrong " + CSRF_HEADER + " header: a request that changes anything "
                    + "with the session cookie must send the csrf_token of GET /api/v1/session");
        }
    }

    private static ApiError unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", ctx.header(PAGE_HEADER) == null ? "Basic realm=\"taskpod\", charset=\"UTF-8\""
                : "Session realm=\"taskpod\"");
        return ApiError.unauthorized(message);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
