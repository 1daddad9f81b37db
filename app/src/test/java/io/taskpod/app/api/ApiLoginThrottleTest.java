package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With [api] authenticate on and 3 failures a minute allowed: a username locked out by the page's login and by HTTP
 * Basic alike, over real HTTP, until the test moves the server's clock past the window.
 */
class ApiLoginThrottleTest {

    private static final String PASSWORD = "op-password-1";

    @TempDir
    Path home;

    private ApiTestBed bed;
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home, Map.of("authenticate", "True", "login_max_failures", "3",
                "login_failure_window", "60"));
        Users users = new Users(bed.jdbc, new Passwords(4), bed.clock);
        users.create("otto", Role.OP, PASSWORD, new Actor("setup"));
        users.create("vera", Role.VIEWER, "viewer-password", new Actor("setup"));
        warnings.start();
        ((Logger) LoggerFactory.getLogger(ThrottledLogins.class)).addAppender(warnings);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(ThrottledLogins.class)).detachAppender(warnings);
        bed.close();
    }

    private HttpResponse<String> login(String user, String password) {
        return bed.client.send("POST", "/api/v1/session",
                "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
    }

    private HttpResponse<String> basic(String user, String password) {
        return bed.client.send("GET", "/api/v1/dags", null, ApiClient.basic(user, password));
    }

    @Test
    void aUserWithTooManyFailedLoginsGets429UntilTheWindowHasPassed() {
        assertThat(login("otto", "wrong-password-1").statusCode()).isEqualTo(401);
        assertThat(basic("otto", "wrong-password-2").statusCode()).isEqualTo(401);
        bed.clock.advance(Duration.ofSeconds(20));
        assertThat(login("otto", "wrong-password-3").statusCode()).isEqualTo(401);

        HttpResponse<String> locked = login("otto", PASSWORD);
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("40");
        assertThat(bed.client.json(locked).path("error").asText()).contains("'otto'")
                .contains("[api] login_max_failures");
        HttpResponse<String> lockedBasic = basic("otto", PASSWORD);
        assertThat(lockedBasic.statusCode()).isEqualTo(429);
        assertThat(lockedBasic.headers().firstValue("Retry-After")).hasValue("40");
        assertThat(basic("vera", "viewer-password").statusCode()).as("another user").isEqualTo(200);

        assertThat(warnings.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("'otto'").doesNotContain("wrong-password");
        });

        bed.clock.advance(Duration.ofSeconds(40));
        assertThat(login("otto", PASSWORD).statusCode()).isEqualTo(200);
        assertThat(basic("otto", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginStartsTheCountAfresh() {
        assertThat(login("otto", "wrong-password-1").statusCode()).isEqualTo(401);
        assertThat(login("otto", "wrong-password-2").statusCode()).isEqualTo(401);
        assertThat(login("otto", PASSWORD).statusCode()).isEqualTo(200);

        assertThat(login("otto", "wrong-password-3").statusCode()).isEqualTo(401);
        assertThat(login("otto", "wrong-password-4").statusCode()).isEqualTo(401);
        assertThat(warnings.list).isEmpty();
        assertThat(login("otto", "wrong-password-5").statusCode()).isEqualTo(401);
        assertThat(login("otto", PASSWORD).statusCode()).as("the third failure since the success").isEqualTo(429);
    }

    @Test
    void rememberedBasicCredentialsKeepWorkingWhileSomeoneElseLocksTheUserOut() {
        assertThat(basic("otto", PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(login("otto", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(login("otto", PASSWORD).statusCode()).isEqualTo(429);

        assertThat(basic("otto", PASSWORD).statusCode()).isEqualTo(200);
    }
}
