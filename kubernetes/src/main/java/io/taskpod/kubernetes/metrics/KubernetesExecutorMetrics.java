package io.taskpod.kubernetes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * The KubernetesExecutor's meters, named after Airflow's {@code kubernetes_executor.*} and tagged so a dashboard can
 * tell outcomes apart:
 * <ul>
 *   <li>{@code kubernetes_executor.pod_creates} {outcome, code}: created, already_exists, retried, failed;
 *   <li>{@code kubernetes_executor.pod_create_latency} and {@code kubernetes_executor.pod_create_limiter_wait}
 *       (time a ready create waited for a token or a free create slot);
 *   <li>{@code kubernetes_executor.watch_restarts} {scope, reason} and {@code kubernetes_executor.watch_relists}
 *       {scope, reason};
 *   <li>{@code kubernetes_executor.reconcile_diffs} {kind}: lost, orphaned, late_terminal, adopted;
 *   <li>{@code kubernetes_executor.adoptions} {source, result}: own, dead_scheduler, completed;
 *   <li>{@code kubernetes_executor.pod_cleanups} {action, result}: delete, label_done, revoke;
 *   <li>{@code kubernetes_executor.signal_failures} {signal}: what the threads reported (a watch event, a list, a
 *       create result) that could not be applied for another reason than a database outage, and was dropped;
 *   <li>{@code kubernetes_executor.revoked_creates} {result}: launches revoked while their create was in flight,
 *       by what came of the create: not_created (not sent, or it failed), deleted (created, and deleted at once).
 * </ul>
 * Thread-safe (Micrometer meters are).
 */
public final class KubernetesExecutorMetrics {

    private final MeterRegistry registry;
    private final Timer createLatency;
    private final Timer limiterWait;

    public KubernetesExecutorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.createLatency = Timer.builder("kubernetes_executor.pod_create_latency")
                .description("Time one pod create call took, answered or failed").register(registry);
        this.limiterWait = Timer.builder("kubernetes_executor.pod_create_limiter_wait")
                .description("Time a create that was due waited for a rate-limiter token or a free create slot")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** @param code the HTTP status, {@code 0} for a transport error */
    public void podCreate(String outcome, int code) {
        counter("kubernetes_executor.pod_creates", "outcome", outcome, "code", Integer.toString(code)).increment();
    }

    public void createLatency(Duration latency) {
        createLatency.record(latency);
    }

    public void limiterWait(Duration wait) {
        limiterWait.record(wait);
    }

    public void watchRestart(String scope, String reason) {
        counter("kubernetes_executor.watch_restarts", "scope", scope, "reason", reason).increment();
    }

    public void watchRelist(String scope, String reason) {
        counter("kubernetes_executor.watch_relists", "scope", scope, "reason", reason).increment();
    }

    public void reconcileDiff(String kind) {
        counter("kubernetes_executor.reconcile_diffs", "kind", kind).increment();
    }

    public void adoption(String source, String result) {
        counter("kubernetes_executor.adoptions", "source", source, "result", result).increment();
    }

    public void cleanup(String action, String result) {
        counter("kubernetes_executor.pod_cleanups", "action", action, "result", result).increment();
    }

    public void signalFailure(String signal) {
        counter("kubernetes_executor.signal_failures", "signal", signal).increment();
    }

    public void revokedCreate(String result) {
        counter("kubernetes_executor.revoked_creates", "result", result).increment();
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }
}
