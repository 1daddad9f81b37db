package io.taskpod.app.api;

import io.taskpod.app.users.Users;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.store.user.StoredLogin;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a username's password, as HTTP Basic and the page's login do, unless {@link LoginThrottle} has locked the
 * username out: then the answer is 429 with {@code Retry-After}, before any check, so it costs nothing and tells
 * nothing about the password. A name no user can have ({@link Users#USERNAME}) is refused at once and never
 * remembered. The lockout is logged as a warning naming the user and the client address, never the password.
 */
final class ThrottledLogins {

    private static final Logger log = LoggerFactory.getLogger(ThrottledLogins.class);

    private final Users users;
    private final LoginThrottle throttle;

    ThrottledLogins(Users users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    /**
     * The login of the user with this name and password; empty for an unknown user or a wrong password.
     *
     * @param client the client's address, for the log
     * @throws ApiError 429 while the username is locked out
     */
    Optional<StoredLogin> authenticate(String username, String password, String client) {
        if (!Users.USERNAME.matcher(username).matches()) {
            return Optional.empty();
        }
        LoginThrottle.Admission admission = throttle.admit(username);
        if (!admission.admitted()) {
            throw ApiError.tooManyRequests("too many failed logins as '" + username + "'; try again later (after "
                    + "the Retry-After seconds; " + CoreConfigKeys.API_LOGIN_MAX_FAILURES.qualifiedName() + ", "
                    + CoreConfigKeys.API_LOGIN_FAILURE_WINDOW.qualifiedName() + ")", admission.retryAfter());
        }
        Optional<StoredLogin> login = users.authenticate(username, password);
        if (login.isPresent()) {
            throttle.succeeded(username);
        } else if (admission.last()) {
            log.warn("Login of user '{}' locked out after too many failed attempts (the last from {}): further "
                    + "logins get 429 until {} has passed ({})", username, client,
                    CoreConfigKeys.API_LOGIN_FAILURE_WINDOW.qualifiedName(),
                    CoreConfigKeys.API_LOGIN_MAX_FAILURES.qualifiedName());
        }
        return login;
    }
}
