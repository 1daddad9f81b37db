package io.taskpod.app.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.core.executor.Executor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each executor last completed a heartbeat (its sync included), published as the gauge
 * {@code executor.seconds_since_sync} {executor} for {@code /health}: an executor whose every sync fails learns no
 * outcome, while the scheduler loop, which logs the error and goes on, keeps heartbeating. Counted from the
 * scheduler's start until the first sync.
 */
public final class ExecutorSyncs {

    /** The gauge {@code /health} reads. */
    public static final String GAUGE = "executor.seconds_since_sync";

    private final Clock clock;
    private final Map<String, Instant> lastCompleted = new ConcurrentHashMap<>();

    ExecutorSyncs(List<Executor> executors, Clock clock, MeterRegistry registry) {
        this.clock = clock;
        Instant now = clock.instant();
        for (Executor executor : executors) {
            lastCompleted.put(executor.name(), now);
            Gauge.builder(GAUGE, this, syncs -> syncs.secondsSince(executor.name())).tag("executor", executor.name())
                    .description("Seconds since the executor last completed a heartbeat and sync").register(registry);
        }
    }

    /** The executor's heartbeat returned without an error. */
    void completed(Executor executor) {
        lastCompleted.put(executor.name(), clock.instant());
    }

    private double secondsSince(String executor) {
        return Duration.between(lastCompleted.get(executor), clock.instant()).toMillis() / 1000.0;
    }
}
