package io.taskpod.app.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.scheduler.MutableClock;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.model.TaskInstanceKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Per-try tokens: what they name, how long they last, and the rotation of the key. */
class TryTokensTest {

    private static final TaskInstanceKey KEY = new TaskInstanceKey("etl", "load", "manual__1", 3, 7);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aTokenNamesExactlyOneLaunchOfOneTryAndExpiresAfterTheConfiguredTime() {
        TryTokens tokens = TryTokens.from(config("current", "", "60"), clock);
        String token = tokens.issue(KEY, 2);

        assertThat(tokens.check(token)).isEqualTo(new TokenCheck.Valid(
                new TryTokenClaims(KEY, 2, clock.instant().plusSeconds(60))));
        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.check(token)).isInstanceOf(TokenCheck.Valid.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.check(token)).isInstanceOfSatisfying(TokenCheck.Invalid.class,
                invalid -> assertThat(invalid.reason()).startsWith("the token expired at 2026-01-01T00:01:00Z")
                        .contains("[api] execution_api_jwt_expiration_time")
                        .contains("[kubernetes_executor] worker_pods_pending_timeout"));
    }

    @Test
    void aRenewedTokenLastsFromItsRenewal() {
        TryTokens tokens = TryTokens.from(config("current", "", "60"), clock);
        TokenCheck.Valid first = (TokenCheck.Valid) tokens.check(tokens.issue(KEY, 1));
        clock.advance(Duration.ofSeconds(50));

        String renewed = tokens.renew(first.claims());

        clock.advance(Duration.ofSeconds(50));
        assertThat(tokens.check(renewed)).isInstanceOfSatisfying(TokenCheck.Valid.class,
                valid -> assertThat(valid.claims().key()).isEqualTo(KEY));
    }

    @Test
    void aLaunchTokenAlsoCoversTheLongestPendingTimeAndItsRenewalDoesNot() {
        TryTokens tokens = TryTokens.from(config("current", "", "60"), clock);
        String launch = tokens.forLaunches(Duration.ofSeconds(300)).issue(KEY, 1);

        clock.advance(Duration.ofSeconds(359));
        TokenCheck.Valid claimed = (TokenCheck.Valid) tokens.check(launch);
        assertThat(claimed.claims().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:06:00Z"));
        assertThat(tokens.check(tokens.renew(claimed.claims()))).isEqualTo(new TokenCheck.Valid(
                new TryTokenClaims(KEY, 1, clock.instant().plusSeconds(60))));
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.check(launch)).isInstanceOf(TokenCheck.Invalid.class);
    }

    @Test
    void duringARotationTokensOfThePreviousKeyAreAcceptedAndThoseOfAnyOtherKeyAreNot() {
        String oldToken = TryTokens.from(config("old", "", "600"), clock).issue(KEY, 1);
        String strangerToken = TryTokens.from(config("stranger", "", "600"), clock).issue(KEY, 1);
        TryTokens rotated = TryTokens.from(config("new", "old", "600"), clock);
        TryTokens afterGrace = TryTokens.from(config("new", "", "600"), clock);

        assertThat(rotated.check(oldToken)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(rotated.check(rotated.issue(KEY, 1))).isInstanceOf(TokenCheck.Valid.class);
        assertThat(afterGrace.check(rotated.issue(KEY, 1))).as("new tokens are signed with the new key")
                .isInstanceOf(TokenCheck.Valid.class);
        assertThat(rotated.check(strangerToken)).isInstanceOf(TokenCheck.Invalid.class);
        assertThat(afterGrace.check(oldToken)).isInstanceOfSatisfying(TokenCheck.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("signature does not verify").doesNotContain(oldToken));
    }

    @Test
    void aTokenWhoseClaimsWereAlteredDoesNotVerify() {
        TryTokens tokens = TryTokens.from(config("current", "", "600"), clock);
        String[] parts = tokens.issue(KEY, 1).split("\\.");
        String otherClaims = tokens.issue(KEY.withTryNumber(4), 1).split("\\.")[1];

        assertThat(tokens.check(parts[0] + "." + otherClaims + "." + parts[2]))
                .isInstanceOf(TokenCheck.Invalid.class);
        assertThat(tokens.check("")).isEqualTo(new TokenCheck.Invalid("the token is not a signed JWT"));
    }

    private static Config config(String secret, String previous, String lifetimeSeconds) {
        return new Config(new MapConfigSource("tokens")
                .set("api", "execution_api_jwt_secret", secret)
                .set("api", "execution_api_jwt_previous_secret", previous)
                .set("api", "execution_api_jwt_expiration_time", lifetimeSeconds),
                ConfigLoader.schema(), Path.of("."));
    }
}
