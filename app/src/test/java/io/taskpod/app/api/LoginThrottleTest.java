package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.scheduler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many password checks a username gets, on a clock the test sets: 3 failures within 60 s. */
class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);

    /**
     * Each step is {@code ACTION@SECOND=EXPECTED}: action {@code f} is an attempt that fails (or is still being
     * checked), {@code s} one with the right password; expected {@code ok}, {@code last} (admitted, the last the
     * window allows) or {@code 429:N} (refused, retry after N seconds).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "locked after the third failure until the window from the first has passed"
                    + "| f@0=ok f@1=ok f@2=last f@3=429:57 s@59=429:1 s@60=ok s@61=ok",
            "refused attempts neither extend the lockout nor are checked"
                    + "| f@0=ok f@0=ok f@0=last f@30=429:30 s@30=429:30 f@59=429:1 f@60=ok",
            "a success forgets the failures"
                    + "| f@0=ok f@1=ok s@2=last f@3=ok f@4=ok f@5=last f@6=429:57",
            "failures of a window that has passed do not count"
                    + "| f@0=ok f@1=ok f@60=ok f@61=ok f@62=last f@63=429:57",
            "attempts sent at once get no more checks than the limit"
                    + "| f@5=ok f@5=ok f@5=last s@5=429:60 s@5=429:60"})
    void aUsernameGetsThreeChecksAWindow(String scenario, String steps) {
        LoginThrottle throttle = new LoginThrottle(3, WINDOW, clock);

        for (String step : steps.strip().split(" ")) {
            String action = step.substring(0, step.indexOf('@'));
            clock.set(T0.plusSeconds(Long.parseLong(step.substring(step.indexOf('@') + 1, step.indexOf('=')))));
            String expected = step.substring(step.indexOf('=') + 1);

            LoginThrottle.Admission admission = throttle.admit("alice");
            if (admission.admitted() && action.equals("s")) {
                throttle.succeeded("alice");
            }

            String outcome = !admission.admitted() ? "429:" + admission.retryAfter().toSeconds()
                    : admission.last() ? "last" : "ok";
            assertThat(outcome).as(step).isEqualTo(expected);
        }
    }

    @Test
    void eachUsernameHasItsOwnCount() {
        LoginThrottle throttle = new LoginThrottle(1, WINDOW, clock);

        assertThat(throttle.admit("alice").last()).isTrue();
        assertThat(throttle.admit("alice").admitted()).isFalse();
        assertThat(throttle.admit("bob").admitted()).isTrue();
    }

    @Test
    void zeroFailuresMeansNoLimit() {
        LoginThrottle throttle = new LoginThrottle(0, WINDOW, clock);

        for (int i = 0; i < 100; i++) {
            LoginThrottle.Admission admission = throttle.admit("alice");
            assertThat(admission.admitted()).isTrue();
            assertThat(admission.last()).isFalse();
        }
    }

    @Test
    void pastItsCapItForgetsTheOldestUsernameFirst() {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ofDays(1), clock);
        for (int i = 0; i < LoginThrottle.MAX_TRACKED; i++) {
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.admit("user" + i).admitted()).isTrue();
        }
        assertThat(throttle.admit("user0").admitted()).as("still remembered").isFalse();

        assertThat(throttle.admit("one-more").admitted()).isTrue();

        assertThat(throttle.admit("user0").admitted()).as("forgotten to make room").isTrue();
        assertThat(throttle.admit("user" + (LoginThrottle.MAX_TRACKED - 1)).admitted()).isFalse();
    }
}
