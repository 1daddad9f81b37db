package io.taskpod.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates worker pods off the scheduler thread (design decision 5). The scheduler thread queues the pod of each
 * launch ({@link #enqueue}) and, once per heartbeat, starts up to a batch of the creates that are due
 * ({@link #startCreates}): each needs a free create slot ({@code max_concurrent_creates}) and a token of the
 * client-side {@link TokenBucket} ({@code api_qps}/{@code api_burst}); what cannot start now waits for a later
 * heartbeat, nothing blocks. The calls run on the create threads ({@link CreateCalls}); the scheduler thread takes
 * their {@link CreateResult}s back ({@link #settleReturned}) and hands what each means, a {@link LaunchOutcome}, to
 * the {@link LaunchOutcomeSink}: create threads → launcher → executor's inbox, never back:
 * <ul>
 *   <li>created, or 409 AlreadyExists for a pod whose identity annotations say it is this launch → launched;
 *       a pod of that name that belongs to something else → failed;
 *   <li>a retryable error ({@link CreateErrorClassifier}) → queued again after the {@link PublishRetryPolicy}'s
 *       delay, up to {@code task_publish_max_retries}; 429 (or any Retry-After) also pauses every create for the
 *       server's Retry-After ({@link #DEFAULT_PAUSE} when it gave none);
 *   <li>anything else → failed with the API server's message.
 * </ul>
 *
 * <p><b>One launch at a time per try.</b> Everything is kept per launch ({@link LaunchId}), and a try has at most
 * one create in flight: a new launch of a try whose earlier launch's create is still in flight waits until that
 * create has returned. {@link #cancel} revokes a try's launches: a waiting create is dropped, a started create that
 * has not been sent yet is never sent, and one already sent comes back as {@link LaunchOutcome.CancelledWhileCreating}
 * with the pod it created, for the executor to delete at once. A result for a launch that has no create in flight
 * is {@link LaunchOutcome.Unexpected}: nobody waits for it.
 *
 * <p>Everything but the calls themselves runs on the scheduler thread; the only state shared with the create
 * threads is each started create's cancelled flag and the results they return ({@link CreateCalls}).
 */
public final class PodLauncher {

    private static final Logger log = LoggerFactory.getLogger(PodLauncher.class);

    /** How long every create pauses after a 429 that named no Retry-After. */
    public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    /** How soon to look again when creates wait only for a free create slot (a create takes tens of ms). */
    public static final Duration CREATE_SLOT_POLL = Duration.ofMillis(25);

    /**
     * A launch waiting for its create to start.
     *
     * @param unreachableSince since when its creates have found the API server unreachable, without an answer since
     */
    private record Waiting(LaunchId launch, Pod pod, Instant dueAt, long sequence, int retries,
            Optional<Instant> unreachableSince) {}

    /** A create started on a create thread; the thread reads {@code cancelled} just before it sends the call. */
    private record InFlight(Waiting launch, AtomicBoolean cancelled) {}

    private final CreateCalls calls;
    private final int maxConcurrentCreates;
    private final TokenBucket bucket;
    private final PublishRetryPolicy retryPolicy;
    private final Clock clock;
    private final KubernetesExecutorMetrics metrics;
    private final LaunchOutcomeSink outcomes;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparing(Waiting::dueAt).thenComparingLong(Waiting::sequence));
    private final Map<TaskInstanceKey, Waiting> waitingByKey = new HashMap<>();
    private final Map<TaskInstanceKey, Waiting> heldBehindInFlight = new HashMap<>();
    private final Map<TaskInstanceKey, InFlight> inFlight = new HashMap<>();
    private long sequence;

    public PodLauncher(CreateCalls calls, int maxConcurrentCreates, TokenBucket bucket, PublishRetryPolicy retryPolicy,
            Clock clock, KubernetesExecutorMetrics metrics, LaunchOutcomeSink outcomes) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.maxConcurrentCreates = maxConcurrentCreates;
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /**
     * Queues the pod of a launch; its create is due now, or once an earlier launch's create in flight has returned.
     * An earlier launch of the same try still waiting or in flight is revoked: a try has one launch at a time.
     */
    public void enqueue(LaunchId launch, Pod pod) {
        if (cancel(launch.key())) {
            log.warn("{}: an earlier launch of this try was still being created; revoked it", launch);
        }
        add(new Waiting(launch, pod, clock.instant(), sequence++, 0, Optional.empty()));
    }

    /** True while a create of the try waits or is in flight. */
    public boolean isLaunching(TaskInstanceKey key) {
        return waitingByKey.containsKey(key) || heldBehindInFlight.containsKey(key) || inFlight.containsKey(key);
    }

    /**
     * True while the try's launch waits for an API server that cannot be reached: its last create could not connect.
     * Such a try is held up by an outage of the control plane, not by anything of its own.
     */
    public boolean heldByOutage(TaskInstanceKey key) {
        return Stream.of(waitingByKey.get(key), heldBehindInFlight.get(key),
                        Optional.ofNullable(inFlight.get(key)).map(InFlight::launch).orElse(null))
                .filter(Objects::nonNull).anyMatch(launch -> launch.unreachableSince().isPresent());
    }

    public int waitingCount() {
        return waitingByKey.size() + heldBehindInFlight.size();
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Revokes the try's launches: a waiting create is dropped; a create in flight is marked, so that it is not sent
     * if it has not been yet, and its result comes back as {@link LaunchOutcome.CancelledWhileCreating}. Returns
     * true when there was a launch that had not been revoked yet.
     */
    public boolean cancel(TaskInstanceKey key) {
        boolean any = heldBehindInFlight.remove(key) != null;
        Waiting removed = waitingByKey.remove(key);
        if (removed != null) {
            waiting.remove(removed);
            any = true;
        }
        InFlight creating = inFlight.get(key);
        if (creating != null && !creating.cancelled().getAndSet(true)) {
            any = true;
        }
        return any;
    }

    /**
     * How soon {@link #startCreates} could start a create: zero now; else the wait for the earliest retry, a free
     * create slot ({@link #CREATE_SLOT_POLL}) or the rate limiter; empty when no create waits that could start.
     */
    public Optional<Duration> nextCreateDueIn() {
        Waiting next = waiting.peek();
        if (next == null) {
            return Optional.empty();
        }
        Duration untilDue = Duration.between(clock.instant(), next.dueAt());
        if (untilDue.isPositive()) {
            return Optional.of(untilDue);
        }
        if (inFlight.size() >= maxConcurrentCreates) {
            return Optional.of(CREATE_SLOT_POLL);
        }
        return Optional.of(bucket.timeUntilAvailable());
    }

    /** Starts up to {@code max} due creates, as free create slots and rate-limiter tokens allow; returns how many. */
    public int startCreates(int max) {
        Instant now = clock.instant();
        int started = 0;
        while (started < max && inFlight.size() < maxConcurrentCreates && !waiting.isEmpty()
                && !waiting.peek().dueAt().isAfter(now)) {
            if (!bucket.tryAcquire()) {
                log.debug("Pod creates held by the rate limiter for {} ms", bucket.timeUntilAvailable().toMillis());
                break;
            }
            Waiting next = waiting.poll();
            waitingByKey.remove(next.launch().key());
            InFlight creating = new InFlight(next, new AtomicBoolean());
            inFlight.put(next.launch().key(), creating);
            metrics.limiterWait(Duration.between(next.dueAt(), now));
            calls.send(next.launch(), next.pod(), creating.cancelled());
            started++;
        }
        return started;
    }

    /** Settles every create that returned since the last call, handing what each means to the sink, in order. */
    public void settleReturned() {
        calls.takeReturned().forEach(result -> outcomes.launchOutcome(onResult(result)));
    }

    /** What a create result means, with the launch's bookkeeping settled. */
    LaunchOutcome onResult(CreateResult result) {
        LaunchId id = result.launch();
        metrics.createLatency(result.latency());
        InFlight creating = inFlight.get(id.key());
        if (creating == null || !creating.launch().launch().equals(id)) {
            return new LaunchOutcome.Unexpected(id, describe(result));
        }
        inFlight.remove(id.key());
        Waiting held = heldBehindInFlight.remove(id.key());
        if (held != null) {
            add(held);
        }
        Waiting launch = creating.launch();
        String podName = launch.pod().getMetadata().getName();
        if (creating.cancelled().get()) {
            return new LaunchOutcome.CancelledWhileCreating(id, switch (result) {
                case CreateResult.Created created -> Optional.of(created.pod());
                case CreateResult.AlreadyExists exists -> exists.existing().filter(pod -> isThisLaunch(launch, pod));
                case CreateResult.Error error -> Optional.empty();
                case CreateResult.NotSent notSent -> Optional.empty();
            });
        }
        return switch (result) {
            case CreateResult.Created created -> {
                metrics.podCreate("created", 201);
                yield new LaunchOutcome.Launched(id, created.pod(), false, launch.unreachableSince().isPresent());
            }
            case CreateResult.AlreadyExists exists -> alreadyExists(launch, exists, podName);
            case CreateResult.Error error -> failed(launch, error.error(), podName);
            case CreateResult.NotSent notSent -> new LaunchOutcome.Unexpected(id, "a create not sent although the"
                    + " launch was not revoked");
        };
    }

    private LaunchOutcome alreadyExists(Waiting launch, CreateResult.AlreadyExists exists, String podName) {
        metrics.podCreate("already_exists", 409);
        if (exists.existing().isEmpty()) {
            log.info("Pod {} already existed but is gone again; creating it anew", podName);
            add(new Waiting(launch.launch(), launch.pod(), clock.instant(), sequence++, launch.retries(),
                    Optional.empty()));
            return new LaunchOutcome.Requeued(launch.launch(), "pod " + podName + " was deleted while being created", "",
                    Duration.ZERO, false);
        }
        Pod existing = exists.existing().get();
        if (isThisLaunch(launch, existing)) {
            log.info("Pod {} already exists for {}: an earlier create succeeded; counting it as launched", podName,
                    launch.launch());
            return new LaunchOutcome.Launched(launch.launch(), existing, true, launch.unreachableSince().isPresent());
        }
        return new LaunchOutcome.Failed(launch.launch(), "pod " + existing.getMetadata().getNamespace() + "/" + podName
                + " already exists and is not this try's pod (" + describeOwner(existing) + ")");
    }

    private LaunchOutcome failed(Waiting launch, Throwable error, String podName) {
        CreateErrorDecision decision = CreateErrorClassifier.classify(error, podName);
        int code = error instanceof KubernetesApiException api ? api.code() : 0;
        return switch (decision) {
            case CreateErrorDecision.AlreadyLaunched already -> {
                metrics.podCreate("already_exists", code);
                yield new LaunchOutcome.Launched(launch.launch(), launch.pod(), true,
                        launch.unreachableSince().isPresent());
            }
            case CreateErrorDecision.Fail fail -> {
                metrics.podCreate("failed", code);
                yield new LaunchOutcome.Failed(launch.launch(), fail.message());
            }
            case CreateErrorDecision.Retry retry -> {
                if (retry.pauseAllCreates()) {
                    Duration pause = retry.retryAfter().orElse(DEFAULT_PAUSE);
                    log.warn("The API server is throttling pod creates ({}); pausing every create for {} s", retry.reason(),
                            pause.toSeconds());
                    bucket.pauseFor(pause);
                }
                Instant now = clock.instant();
                Optional<Instant> unreachableSince = retry.unreachable()
                        ? launch.unreachableSince().or(() -> Optional.of(now)) : Optional.empty();
                Duration unreachableFor = unreachableSince.map(since -> Duration.between(since, now))
                        .orElse(Duration.ZERO);
                yield switch (retryPolicy.next(launch.retries(), unreachableFor, retry)) {
                    case PublishDecision.RetryIn again -> {
                        metrics.podCreate("retried", code);
                        add(new Waiting(launch.launch(), launch.pod(), now.plus(again.delay()), sequence++,
                                again.retry(), unreachableSince));
                        yield new LaunchOutcome.Requeued(launch.launch(), retry.reason(), again.progress(), again.delay(),
                                retry.unreachable());
                    }
                    case PublishDecision.GiveUp giveUp -> {
                        metrics.podCreate("failed", code);
                        yield new LaunchOutcome.Failed(launch.launch(), giveUp.reason());
                    }
                };
            }
        };
    }

    /** Queues the launch's create, or holds it until the create of an earlier launch of its try has returned. */
    private void add(Waiting launch) {
        TaskInstanceKey key = launch.launch().key();
        if (inFlight.containsKey(key)) {
            heldBehindInFlight.put(key, launch);
            return;
        }
        waiting.add(launch);
        waitingByKey.put(key, launch);
    }

    private static String describe(CreateResult result) {
        return switch (result) {
            case CreateResult.Created created -> "created pod " + created.pod().getMetadata().getName();
            case CreateResult.AlreadyExists exists -> "found its pod already there";
            case CreateResult.Error error -> "failed: " + error.error();
            case CreateResult.NotSent notSent -> "was not sent";
        };
    }

    private static boolean isThisLaunch(Waiting launch, Pod existing) {
        try {
            PodIdentity wanted = PodIdentity.of(launch.pod());
            PodIdentity found = PodIdentity.of(existing);
            return wanted.equals(found);
        } catch (InvalidPodIdentityException e) {
            return false;
        }
    }

    private static String describeOwner(Pod pod) {
        try {
            PodIdentity identity = PodIdentity.of(pod);
            return "it runs " + identity.key() + " launch attempt " + identity.launchAttempt() + " for scheduler "
                    + identity.schedulerId();
        } catch (InvalidPodIdentityException e) {
            return e.getMessage();
        }
    }
}
