package io.taskpod.kubernetes.executor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The launch gauges, which no other executor has: pods waiting for a create, creates in flight (both as of the last
 * sync) and how long creates have found the API server unreachable. Registered once per registry.
 */
final class LaunchGauges {

    private final UnreachableCreatesLog createsLog;
    private final AtomicInteger waitingCreates = new AtomicInteger();
    private final AtomicInteger createsInFlight = new AtomicInteger();
    private final Set<MeterRegistry> registries = Collections.newSetFromMap(new IdentityHashMap<>());

    LaunchGauges(UnreachableCreatesLog createsLog) {
        this.createsLog = createsLog;
    }

    void bind(MeterRegistry meterRegistry) {
        if (!registries.add(meterRegistry)) {
            return;
        }
        Gauge.builder("kubernetes_executor.pods_waiting_for_create", waitingCreates, AtomicInteger::get)
                .description("Pods queued for a create that has not started (rate limit, create slots, retry delay)")
                .register(meterRegistry);
        Gauge.builder("kubernetes_executor.pod_creates_in_flight", createsInFlight, AtomicInteger::get)
                .register(meterRegistry);
        Gauge.builder(KubernetesExecutor.API_UNREACHABLE_GAUGE, createsLog, UnreachableCreatesLog::unreachableSeconds)
                .description("Seconds the API server has been unreachable for pod creates; 0 while it answers")
                .register(meterRegistry);
    }

    void record(int waiting, int inFlight) {
        waitingCreates.set(waiting);
        createsInFlight.set(inFlight);
    }
}
