package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.KubernetesApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The create calls themselves, on the create threads: the pod's token Secret first (with {@link TryTokenDelivery}),
 * the create, and after a 409 a look at the pod already there. Each call's {@link CreateResult} waits here until the
 * scheduler thread's {@link PodLauncher#settleReturned} takes it; the results only ever flow that way.
 */
public final class CreateCalls {

    private static final Logger log = LoggerFactory.getLogger(CreateCalls.class);

    private final KubernetesApi api;
    private final Executor createThreads;
    private final Clock clock;
    private final Optional<TryTokenDelivery> tokens;
    private final ConcurrentLinkedQueue<CreateResult> returned = new ConcurrentLinkedQueue<>();

    public CreateCalls(KubernetesApi api, Executor createThreads, Clock clock, Optional<TryTokenDelivery> tokens) {
        this.api = Objects.requireNonNull(api, "api");
        this.createThreads = Objects.requireNonNull(createThreads, "createThreads");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** Sends the create on a create thread, unless {@code cancelled} is set by the time the thread gets to it. */
    void send(LaunchId id, Pod pod, AtomicBoolean cancelled) {
        createThreads.execute(() -> returned.add(create(id, pod, cancelled)));
    }

    /** The results returned since the last call, oldest first. */
    List<CreateResult> takeReturned() {
        List<CreateResult> results = new ArrayList<>();
        for (CreateResult next = returned.poll(); next != null; next = returned.poll()) {
            results.add(next);
        }
        return results;
    }

    private CreateResult create(LaunchId id, Pod pod, AtomicBoolean cancelled) {
        Instant started = clock.instant();
        if (cancelled.get()) {
            return new CreateResult.NotSent(id, Duration.ZERO);
        }
        try {
            tokens.ifPresent(delivery -> delivery.beforeCreate(api, pod));
            Pod created = api.createPod(pod);
            ownToken(created);
            return new CreateResult.Created(id, created, Duration.between(started, clock.instant()));
        } catch (RuntimeException e) {
            if (CreateErrorClassifier.classify(e, pod.getMetadata().getName()) instanceof CreateErrorDecision.AlreadyLaunched) {
                try {
                    Optional<Pod> existing = api.getPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                    existing.ifPresent(this::ownToken);
                    return new CreateResult.AlreadyExists(id, existing, Duration.between(started, clock.instant()));
                } catch (RuntimeException lookup) {
                    return new CreateResult.Error(id, lookup, Duration.between(started, clock.instant()));
                }
            }
            return new CreateResult.Error(id, e, Duration.between(started, clock.instant()));
        }
    }

    /**
     * Hands the pod's token Secret to the pod; a failure is logged, not fatal: the pod runs, and only the Secret's
     * removal is left to the pod's cleanup by hand.
     */
    private void ownToken(Pod created) {
        try {
            tokens.ifPresent(delivery -> delivery.afterCreate(api, created));
        } catch (RuntimeException e) {
            log.warn("{}: could not make the pod the owner of its token Secret, which outlives it: {}",
                    created.getMetadata().getName(), e.getMessage());
        }
    }
}
