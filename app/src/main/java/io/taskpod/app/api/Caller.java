package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import java.util.Optional;

/**
 * Who sent a request: an authenticated user with a role, or, while {@code [api] authenticate} is off and the request
 * names no user, {@code anonymous} with every right.
 *
 * @param csrfToken the session's CSRF token when the user logged in with the page's session cookie
 */
record Caller(Optional<String> username, Role role, Optional<String> csrfToken) {

    private static final String ATTRIBUTE = "taskpod.caller";
    static final String ANONYMOUS = "anonymous";

    static Caller anonymous() {
        return new Caller(Optional.empty(), Role.ADMIN, Optional.empty());
    }

    /** The name recorded for what this caller does: the username, or {@value #ANONYMOUS}. */
    Actor actor() {
        return new Actor(username.orElse(ANONYMOUS));
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** The caller {@link ApiAuth} attached to the request. */
    static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no caller on " + ctx.path() + ": the route is not guarded");
        }
        return caller;
    }
}
