package io.taskpod.benchmarks.local;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meter registry the benchmark's scheduler reports to: a plain one, except that it also watches every
 * iteration of the scheduler loop ({@code scheduler.loop.duration}) for the longest one and those over a limit, since
 * {@link #reset}.
 */
final class LoopTimes extends SimpleMeterRegistry {

    static final String LOOP_TIMER = "scheduler.loop.duration";

    private final long limitNanos;
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();

    LoopTimes(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        if (!id.getName().equals(LOOP_TIMER)) {
            return super.newTimer(id, config, pauseDetector);
        }
        return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit()) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                super.recordNonNegative(amount, unit);
                long nanos = unit.toNanos(amount);
                longest.accumulateAndGet(nanos, Math::max);
                if (nanos > limitNanos) {
                    overLimit.incrementAndGet();
                }
            }
        };
    }

    /** Starts watching anew. */
    void reset() {
        longest.set(0);
        overLimit.set(0);
    }

    Duration longest() {
        return Duration.ofNanos(longest.get());
    }

    long overLimit() {
        return overLimit.get();
    }
}
