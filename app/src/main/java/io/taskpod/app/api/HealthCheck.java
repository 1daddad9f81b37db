package io.taskpod.app.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskpod.app.scheduler.ExecutorSyncs;
import io.taskpod.core.config.Sensitivity;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.store.Jdbc;
import io.taskpod.store.StoreException;
import io.taskpod.store.scheduler.SchedulerRecord;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.scheduler.SchedulerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds the {@link HealthReport}: whether the database answers, the heartbeat of this process's scheduler (when it
 * runs one) and the last completed sync of each of its executors against {@code scheduler_health_check_threshold},
 * every running scheduler, and the executors' load.
 * Never shows where the database is nor its credentials: no URL, and an error message that might quote one is
 * redacted.
 */
final class HealthCheck {

    static final String NOT_REGISTERED = "not registered";

    private final SchedulerRepository schedulers;
    private final Optional<String> schedulerId;
    private final Duration threshold;
    private final MeterRegistry registry;
    private final Clock clock;

    /**
     * @param schedulerId this process's scheduler; empty in {@code taskpod api-server}
     * @param threshold {@code [scheduler] scheduler_health_check_threshold}
     */
    HealthCheck(Jdbc jdbc, Optional<String> schedulerId, Duration threshold, MeterRegistry registry, Clock clock) {
        this.schedulers = new SchedulerRepository(jdbc);
        this.schedulerId = schedulerId;
        this.threshold = threshold;
        this.registry = registry;
        this.clock = clock;
    }

    /** Reading the running schedulers is the database check: a probe costs one or two queries, not three. */
    HealthReport check() {
        List<ExecutorGauges.ExecutorLoad> executors = ExecutorGauges.read(registry);
        List<SchedulerRecord> running;
        Optional<SchedulerRecord> ownRow;
        try {
            running = schedulers.listRunning();
            ownRow = schedulerId.flatMap(schedulers::find);
        } catch (StoreException e) {
            HealthReport.DatabaseHealth database = new HealthReport.DatabaseHealth(HealthReport.UNHEALTHY,
                    Sensitivity.URL_WITH_CREDENTIALS.redact(e.getMessage()));
            HealthReport.SchedulerHealth own = schedulerId.map(id -> new HealthReport.SchedulerHealth(id,
                    HealthReport.UNHEALTHY, "unknown (database unreachable)", null, null, null, thresholdSeconds()))
                    .orElse(null);
            return new HealthReport(HealthReport.UNHEALTHY, database, own, List.of(), executors, executorSyncs(),
                    kubernetesApi());
        }
        Instant now = clock.instant();
        Optional<HealthReport.SchedulerHealth> own = schedulerId.map(id -> ownRow.map(row -> health(row, now))
                .orElseGet(() -> new HealthReport.SchedulerHealth(id, HealthReport.UNHEALTHY, NOT_REGISTERED, null,
                        null, null, thresholdSeconds())));
        List<HealthReport.ExecutorSync> syncs = executorSyncs();
        boolean healthy = own.map(scheduler -> HealthReport.HEALTHY.equals(scheduler.status())).orElse(true)
                && syncs.stream().allMatch(sync -> HealthReport.HEALTHY.equals(sync.status()));
        HealthReport.KubernetesApiHealth kubernetes = kubernetesApi();
        boolean degraded = kubernetes != null && HealthReport.DEGRADED.equals(kubernetes.status());
        return new HealthReport(!healthy ? HealthReport.UNHEALTHY : degraded ? HealthReport.DEGRADED : HealthReport.HEALTHY,
                new HealthReport.DatabaseHealth(HealthReport.HEALTHY, null), own.orElse(null),
                running.stream().map(row -> health(row, now)).toList(), executors, syncs, kubernetes);
    }

    /** Each executor's {@code executor.seconds_since_sync} gauge against the threshold. */
    private List<HealthReport.ExecutorSync> executorSyncs() {
        return registry.find(ExecutorSyncs.GAUGE).gauges().stream()
                .map(gauge -> new HealthReport.ExecutorSync(gauge.getId().getTag("executor"),
                        gauge.value() > thresholdSeconds() ? HealthReport.UNHEALTHY : HealthReport.HEALTHY,
                        gauge.value()))
                .sorted(Comparator.comparing(HealthReport.ExecutorSync::executor)).toList();
    }

    /** From the KubernetesExecutor's gauge; null when this process has none. */
    private HealthReport.KubernetesApiHealth kubernetesApi() {
        OptionalDouble unreachable = registry.find(KubernetesExecutor.API_UNREACHABLE_GAUGE).gauges().stream()
                .mapToDouble(Gauge::value).max();
        if (unreachable.isEmpty()) {
            return null;
        }
        return unreachable.getAsDouble() > 0
                ? new HealthReport.KubernetesApiHealth(HealthReport.DEGRADED, unreachable.getAsDouble())
                : new HealthReport.KubernetesApiHealth(HealthReport.HEALTHY, null);
    }

    private double thresholdSeconds() {
        return seconds(threshold);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private HealthReport.SchedulerHealth health(SchedulerRecord row, Instant now) {
        boolean fresh = !row.lastHeartbeatAt().isBefore(now.minus(threshold));
        boolean healthy = row.state() == SchedulerState.RUNNING && fresh;
        return new HealthReport.SchedulerHealth(row.id(), healthy ? HealthReport.HEALTHY : HealthReport.UNHEALTHY,
                row.state().dbValue(), row.hostname(), row.lastHeartbeatAt(),
                seconds(Duration.between(row.lastHeartbeatAt(), now)), thresholdSeconds());
    }
}
