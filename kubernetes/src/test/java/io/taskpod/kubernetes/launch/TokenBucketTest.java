package io.taskpod.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private int drain(TokenBucket bucket) {
        int taken = 0;
        while (bucket.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    @Test
    void startsFullWithTheBurstThenRefillsAtQps() {
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        assertThat(drain(bucket)).isEqualTo(5);
        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(100));
        advance(Duration.ofMillis(99));
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(1));
        advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        advance(Duration.ofHours(1));
        assertThat(drain(bucket)).isEqualTo(5);
    }

    @Test
    void sustainedRateIsQps() {
        TokenBucket bucket = new TokenBucket(20, 1, now::get);
        int created = 0;
        for (int tick = 0; tick < 10_000; tick++) {
            advance(Duration.ofMillis(1));
            if (bucket.tryAcquire()) {
                created++;
            }
        }
        assertThat(created).isBetween(199, 201);
    }

    @Test
    void availableNowMeansZeroWait() {
        assertThat(new TokenBucket(1, 1, now::get).timeUntilAvailable()).isEqualTo(Duration.ZERO);
    }

    @Test
    void pauseBlocksEveryCreateThenRefillsFromEmpty() {
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        bucket.pauseFor(Duration.ofSeconds(7));
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(7_100));
        advance(Duration.ofSeconds(7));
        assertThat(bucket.tryAcquire()).isFalse();
        advance(Duration.ofMillis(100));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void aShorterPauseDoesNotCutALongerOne() {
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        bucket.pauseFor(Duration.ofSeconds(30));
        bucket.pauseFor(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(10));
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(20_100));
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
