package io.taskpod.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.taskpod.app.users.Users;
import io.taskpod.store.operate.AuditLog;
import io.taskpod.store.user.Role;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/eventLogs} (the audit log, newest first, {@code ?dag_id=&limit=}), and the users:
 * {@code GET}/{@code POST /api/v1/users} and {@code DELETE /api/v1/users/{username}}.
 */
final class AdminEndpoint {

    static final String USERNAME = "username";
    private static final Set<String> USER_FIELDS = Set.of("username", "password", "role");

    private final AuditLog audit;
    private final Users users;
    private final ObjectMapper json;

    AdminEndpoint(AuditLog audit, Users users, ObjectMapper json) {
        this.audit = audit;
        this.users = users;
        this.json = json;
    }

    void eventLogs(Context ctx) {
        ctx.json(new OperateViews.EventLogList(audit.list(Optional.ofNullable(ctx.queryParam(ApiLookup.DAG_ID)),
                ApiParameters.limit(ctx)).stream().map(OperateViews.EventLogView::of).toList()));
    }

    void listUsers(Context ctx) {
        ctx.json(new OperateViews.UserList(users.list().stream().map(OperateViews.UserView::of).toList()));
    }

    void createUser(Context ctx) {
        ApiBody body = ApiBody.of(ctx, json, USER_FIELDS, "a JSON object with username, password and role");
        String username = body.text("username").orElseThrow(() -> ApiError.badRequest("username", "username is required"));
        String password = body.text("password").orElseThrow(() -> ApiError.badRequest("password", "password is required"));
        Role role = Role.parse(body.oneOf("role", Arrays.stream(Role.values()).map(Role::dbValue).toList())
                .orElseThrow(() -> ApiError.badRequest("role", "role (viewer, op or admin) is required")));
        try {
            if (!users.create(username, role, password, Caller.of(ctx).actor())) {
                throw ApiError.conflict("username", "user '" + username + "' exists already");
            }
        } catch (Users.InvalidUser e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
        ctx.status(201).json(users.list().stream().filter(user -> user.username().equals(username))
                .map(OperateViews.UserView::of).findFirst().orElseThrow());
    }

    void deleteUser(Context ctx) {
        String username = ctx.pathParam(USERNAME);
        if (!users.delete(username, Caller.of(ctx).actor())) {
            throw ApiError.notFound(USERNAME, "no user '" + ApiText.quote(username) + "'");
        }
        ctx.status(204);
    }
}
