package io.taskpod.store.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StateWriteRetryTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final StateWriteRetry retry = new StateWriteRetry("jdbc:postgresql://db:5432/taskpod?password=********",
            Duration.ofSeconds(20), clock, duration -> {
                sleeps.add(duration);
                clock.advance(duration);
            });

    @Test
    void retriesConnectionErrorsWithGrowingPausesUntilTheWriteLands() {
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.call("record success", () -> {
            if (attempts.incrementAndGet() < 5) {
                throw new SQLException("Connection refused", "08001");
            }
            return "landed";
        });

        assertThat(result).isEqualTo("landed");
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
    }

    @Test
    void givesUpAfterTheTimeoutNamingTheRedactedUrl() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("record success", () -> {
            attempts.incrementAndGet();
            throw new SQLException("Connection refused", "08001");
        }))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not record success")
                .hasMessageContaining("jdbc:postgresql://db:5432/taskpod?password=********")
                .hasMessageContaining("worker_state_write_timeout = 20 s")
                .hasMessageContaining("Connection refused");
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(20));
        assertThat(sleeps).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(attempts.get()).isEqualTo(sleeps.size() + 1);
    }

    @Test
    void doesNotRetryErrorsARetryCannotFix() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("claim", () -> {
            attempts.incrementAndGet();
            throw new SQLException("column does not exist", "42703");
        })).isInstanceOf(WorkerStoreException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not claim")
                .hasMessageContaining("column does not exist");
        assertThat(attempts.get()).isEqualTo(1);
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
