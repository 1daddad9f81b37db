package io.taskpod.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishRetryPolicyTest {

    /** nextDouble() of 0.0: the low end of the jitter. */
    private static final RandomGenerator LOW = () -> 0L;
    /** nextDouble() just below 1.0: the high end of the jitter. */
    private static final RandomGenerator HIGH = () -> -1L;
    private static final CreateErrorDecision.Retry QUOTA = new CreateErrorDecision.Retry("403 Forbidden: exceeded quota",
            Optional.empty(), false);

    private static PublishRetryPolicy policy(int maxRetries, RandomGenerator random) {
        return new PublishRetryPolicy(maxRetries, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(60),
                random);
    }

    @ParameterizedTest(name = "retry {0}: {1}..{2} ms")
    @CsvSource(textBlock = """
            0,   500,  1000
            1,  1000,  2000
            2,  2000,  4000
            5, 16000, 32000
            6, 30000, 60000
            40, 30000, 60000
            """)
    void delaysDoubleWithJitterUpToTheCap(int retriesSoFar, long lowMillis, long highMillis) {
        PublishDecision.RetryIn low = (PublishDecision.RetryIn) policy(-1, LOW).next(retriesSoFar, Duration.ZERO, QUOTA);
        PublishDecision.RetryIn high = (PublishDecision.RetryIn) policy(-1, HIGH).next(retriesSoFar, Duration.ZERO, QUOTA);
        assertThat(low.delay()).isEqualTo(Duration.ofMillis(lowMillis));
        assertThat(high.delay().toMillis()).isBetween(highMillis - 1, highMillis);
    }

    @Test
    void retriesStopAtTaskPublishMaxRetries() {
        PublishRetryPolicy policy = policy(2, LOW);
        assertThat(policy.next(0, Duration.ZERO, QUOTA)).isEqualTo(new PublishDecision.RetryIn(Duration.ofMillis(500), 1, "[Try 1 of 2]"));
        assertThat(policy.next(1, Duration.ZERO, QUOTA)).isEqualTo(new PublishDecision.RetryIn(Duration.ofMillis(1000), 2, "[Try 2 of 2]"));
        assertThat(policy.next(2, Duration.ZERO, QUOTA)).isEqualTo(new PublishDecision.GiveUp("pod creation failed 3 time(s) with "
                + "retryable errors (task_publish_max_retries = 2); last: 403 Forbidden: exceeded quota"));
    }

    @Test
    void zeroRetriesFailsOnTheFirstError() {
        assertThat(policy(0, LOW).next(0, Duration.ZERO, QUOTA)).isInstanceOf(PublishDecision.GiveUp.class);
    }

    @Test
    void minusOneRetriesForever() {
        assertThat(policy(-1, LOW).next(10_000, Duration.ZERO, QUOTA)).isInstanceOfSatisfying(
                PublishDecision.RetryIn.class, retry -> assertThat(retry.progress()).isEqualTo("[Try 10001 of unlimited]"));
    }

    @Test
    void anUnreachableApiServerIsRetriedWithoutUsingTheBudget() {
        CreateErrorDecision.Retry refused = CreateErrorDecision.Retry.unreachable("connection refused");
        assertThat(policy(0, LOW).next(2, Duration.ofMinutes(59), refused)).isInstanceOfSatisfying(
                PublishDecision.RetryIn.class, retry -> {
            assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(retry.retry()).as("budget used").isEqualTo(2);
            assertThat(retry.progress()).contains("API server unreachable");
        });
        PublishDecision.RetryIn high = (PublishDecision.RetryIn) policy(0, HIGH).next(0, Duration.ZERO, refused);
        assertThat(high.delay().toMillis()).isBetween(3999L, 4000L);
    }

    @Test
    void anApiServerUnreachableForTaskPublishOutageTimeoutFailsTheCreate() {
        CreateErrorDecision.Retry refused = CreateErrorDecision.Retry.unreachable("connection refused");

        assertThat(policy(3, LOW).next(0, Duration.ofHours(1), refused)).isEqualTo(new PublishDecision.GiveUp(
                "the API server could not be reached for 3600 s (task_publish_outage_timeout = 3600); last: connection"
                        + " refused"));
    }

    @Test
    void retryAfterIsALowerBound() {
        CreateErrorDecision.Retry throttled = new CreateErrorDecision.Retry("429", Optional.of(Duration.ofSeconds(20)), true);
        assertThat(((PublishDecision.RetryIn) policy(3, LOW).next(0, Duration.ZERO, throttled)).delay())
                .isEqualTo(Duration.ofSeconds(20));
        CreateErrorDecision.Retry shortHint = new CreateErrorDecision.Retry("429", Optional.of(Duration.ofMillis(1)), true);
        assertThat(((PublishDecision.RetryIn) policy(3, LOW).next(0, Duration.ZERO, shortHint)).delay())
                .isEqualTo(Duration.ofMillis(500));
    }
}
