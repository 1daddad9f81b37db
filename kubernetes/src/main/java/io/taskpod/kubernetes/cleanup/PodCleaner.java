package io.taskpod.kubernetes.cleanup;

import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.config.PodDeleteOptions;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link PodCleanup}s off the scheduler thread: delete (with {@code delete_option_kwargs} /
 * {@code termination_grace_period_seconds}; 404 is fine), label done, or label revoked then delete. A failed call is
 * retried {@link #ATTEMPTS} times with backoff; after that the pod is left to the periodic reconcile, which finds
 * it again (still ours, not done) and cleans it then.
 */
public final class PodCleaner {

    private static final Logger log = LoggerFactory.getLogger(PodCleaner.class);

    static final int ATTEMPTS = 3;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final KubernetesApi api;
    private final PodDeleteOptions deleteOptions;
    private final ScheduledExecutorService threads;
    private final KubernetesExecutorMetrics metrics;

    public PodCleaner(KubernetesApi api, PodDeleteOptions deleteOptions, ScheduledExecutorService threads,
            KubernetesExecutorMetrics metrics) {
        this.api = Objects.requireNonNull(api, "api");
        this.deleteOptions = Objects.requireNonNull(deleteOptions, "deleteOptions");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public void submit(PodCleanup cleanup) {
        if (cleanup.action() != CleanupAction.NOTHING) {
            schedule(cleanup, 1, Duration.ZERO);
        }
    }

    /** Runs the cleanups already submitted (retries included) for at most {@code timeout}, then stops. */
    public void shutdown(Duration timeout) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Pod cleanups still pending at shutdown are left to the next reconcile");
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(PodCleanup cleanup, int attempt, Duration delay) {
        try {
            threads.schedule(() -> run(cleanup, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.info("Pod {}/{} not cleaned up ({}): the executor is stopping; the next reconcile will",
                    cleanup.namespace(), cleanup.podName(), cleanup.action());
        }
    }

    private void run(PodCleanup cleanup, int attempt) {
        String action = cleanup.action().name().toLowerCase(Locale.ROOT);
        try {
            boolean found = switch (cleanup.action()) {
                case DELETE -> api.deletePod(cleanup.namespace(), cleanup.podName(), deleteOptions);
                case LABEL_DONE -> label(cleanup, PodLabels.EXECUTOR_DONE);
                case REVOKE -> label(cleanup, PodLabels.POD_REVOKED)
                        && api.deletePod(cleanup.namespace(), cleanup.podName(), deleteOptions);
                case NOTHING -> true;
            };
            metrics.cleanup(action, found ? "ok" : "not_found");
            log.debug("Pod {}/{}: {} ({})", cleanup.namespace(), cleanup.podName(), action, cleanup.why());
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                metrics.cleanup(action, "error");
                log.warn("Could not {} pod {}/{} after {} attempts ({}); the next reconcile will try again",
                        action, cleanup.namespace(), cleanup.podName(), attempt, e.toString());
                return;
            }
            schedule(cleanup, attempt + 1, FIRST_RETRY.multipliedBy(1L << (attempt - 1)));
        }
    }

    private boolean label(PodCleanup cleanup, String label) {
        return api.patchPodMetadata(cleanup.namespace(), cleanup.podName(), Map.of(label, PodLabels.TRUE), Map.of(),
                Optional.empty()).isPresent();
    }
}
