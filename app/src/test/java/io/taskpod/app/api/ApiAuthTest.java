package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With [api] authenticate on: every role and every refusal, over real HTTP, with Basic credentials and the session. */
class ApiAuthTest {

    private static final String DAG = "/api/v1/dags/hello";
    private static final String PAUSE = "{\"is_paused\": true}";

    @TempDir
    Path home;

    private ApiTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home, Map.of("authenticate", "True"));
        Users users = new Users(bed.jdbc, new Passwords(4), bed.clock);
        Actor setup = new Actor("setup");
        users.create("vera", Role.VIEWER, "viewer-password", setup);
        users.create("otto", Role.OP, "op-password-1", setup);
        users.create("ada", Role.ADMIN, "admin-password", setup);
        bed.scheduler.runOnce();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private HttpResponse<String> as(String user, String password, String method, String path, String body) {
        return bed.client.send(method, path, body, ApiClient.basic(user, password));
    }

    @Test
    void withoutCredentialsEveryApiRequestIs401ButHealthAndThePageStayOpen() {
        HttpResponse<String> dags = bed.client.get("/api/v1/dags");
        assertThat(dags.statusCode()).isEqualTo(401);
        assertThat(dags.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(bed.client.json(dags).path("error").asText()).contains("authentication required");
        assertThat(bed.client.send("PATCH", DAG, PAUSE).statusCode()).isEqualTo(401);
        assertThat(bed.client.get("/api/v1/users").statusCode()).isEqualTo(401);
        assertThat(bed.client.get("/health").statusCode()).isEqualTo(200);
        assertThat(bed.client.get("/").statusCode()).isEqualTo(200);
        assertThat(bed.client.get("/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> fromThePage = bed.client.send("GET", "/api/v1/dags", null, "X-Requested-With", "fetch");
        assertThat(fromThePage.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).doesNotStartWith("Basic"));
    }

    @Test
    void badCredentialsAre401() {
        assertThat(as("vera", "wrong-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(401);
        assertThat(as("nobody", "viewer-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(401);
        assertThat(bed.client.send("GET", "/api/v1/dags", null, "Authorization", "Bearer x").statusCode()).isEqualTo(401);
        assertThat(bed.client.send("GET", "/api/v1/dags", null, "Authorization", "Basic !!!").statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerReadsButMayNotActAnOpActsButMayNotManageUsersAnAdminMayDoAll() {
        assertThat(as("vera", "viewer-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(200);
        HttpResponse<String> viewerPauses = as("vera", "viewer-password", "PATCH", DAG, PAUSE);
        assertThat(viewerPauses.statusCode()).isEqualTo(403);
        assertThat(bed.client.json(viewerPauses).path("error").asText()).contains("role viewer").contains("needs op");
        assertThat(as("vera", "viewer-password", "POST", DAG + "/runs", "{}").statusCode()).isEqualTo(403);

        HttpResponse<String> opPauses = as("otto", "op-password-1", "PATCH", DAG, PAUSE);
        assertThat(opPauses.statusCode()).as(opPauses.body()).isEqualTo(200);
        assertThat(bed.client.json(opPauses).path("is_paused").asBoolean()).isTrue();
        assertThat(as("otto", "op-password-1", "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        HttpResponse<String> triggered = as("otto", "op-password-1", "POST", DAG + "/runs", "{}");
        assertThat(bed.client.json(triggered).path("run").path("created_by").asText()).isEqualTo("otto");

        HttpResponse<String> created = as("ada", "admin-password", "POST", "/api/v1/users",
                "{\"username\": \"eve\", \"password\": \"eve-password\", \"role\": \"viewer\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(bed.client.json(created).has("password")).isFalse();
        assertThat(as("eve", "eve-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(200);
        assertThat(as("ada", "admin-password", "DELETE", "/api/v1/users/eve", null).statusCode()).isEqualTo(204);
        assertThat(as("ada", "admin-password", "DELETE", "/api/v1/users/eve", null).statusCode()).isEqualTo(404);
        JsonNode log = bed.client.json(as("vera", "viewer-password", "GET", "/api/v1/eventLogs", null));
        assertThat(log.path("event_logs").get(0).path("event").asText()).isEqualTo("user.delete");
        assertThat(log.path("event_logs").findValuesAsText("owner")).contains("otto", "ada");
    }

    @Test
    void rememberedBasicCredentialsStopWorkingAtOnceWhenTheUserIsDeletedOrRecreatedWithAnotherPassword() {
        Users users = new Users(bed.jdbc, new Passwords(4), bed.clock);
        assertThat(as("vera", "viewer-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(200);

        users.delete("vera", new Actor("setup"));
        assertThat(as("vera", "viewer-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(401);

        users.create("vera", Role.OP, "another-password", new Actor("setup"));
        assertThat(as("vera", "viewer-password", "GET", "/api/v1/dags", null).statusCode()).isEqualTo(401);
        assertThat(as("vera", "another-password", "PATCH", DAG, PAUSE).statusCode()).isEqualTo(200);

        users.delete("vera", new Actor("setup"));
        users.create("vera", Role.VIEWER, "another-password", new Actor("setup"));
        assertThat(as("vera", "another-password", "PATCH", DAG, PAUSE).statusCode()).as("the role of now")
                .isEqualTo(403);
    }

    @Test
    void thePageLogsInWithASessionCookieAndMustSendItsCsrfTokenToChangeAnything() {
        HttpResponse<String> wrong = bed.client.send("POST", "/api/v1/session",
                "{\"username\": \"otto\", \"password\": \"nope-nope\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> login = bed.client.send("POST", "/api/v1/session",
                "{\"username\": \"otto\", \"password\": \"op-password-1\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = bed.client.json(login).path("csrf_token").asText();
        assertThat(csrf).hasSize(64);

        HttpResponse<String> session = bed.client.send("GET", "/api/v1/session", null, "Cookie", cookie);
        assertThat(bed.client.json(session).path("username").asText()).isEqualTo("otto");
        assertThat(bed.client.send("GET", "/api/v1/dags", null, "Cookie", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> noToken = bed.client.send("PATCH", DAG, PAUSE, "Cookie", cookie);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(bed.client.json(noToken).path("error").asText()).contains("X-CSRF-Token");
        assertThat(bed.client.send("PATCH", DAG, PAUSE, "Cookie", cookie, "X-CSRF-Token", "0".repeat(64)).statusCode())
                .isEqualTo(403);
        assertThat(bed.client.send("PATCH", DAG, PAUSE, "Cookie", cookie, "X-CSRF-Token", csrf).statusCode())
                .isEqualTo(200);

        HttpResponse<String> formPost = bed.client.post("/api/v1/session", "application/x-www-form-urlencoded",
                "username=otto&password=op-password-1");
        assertThat(formPost.statusCode()).isEqualTo(415);

        assertThat(bed.client.send("DELETE", "/api/v1/session", null, "Cookie", cookie, "X-CSRF-Token", csrf)
                .statusCode()).isEqualTo(204);
        assertThat(bed.client.send("GET", "/api/v1/dags", null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }
}
