package io.taskpod.kubernetes.launch;

import static io.taskpod.kubernetes.testing.WorkerPods.key;
import static io.taskpod.kubernetes.testing.WorkerPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.testing.FakeKubernetesApi;
import io.taskpod.kubernetes.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The launcher's decisions with creates run by hand: batch and concurrency limits, the token bucket, retry delays,
 * the 429 pause, giving up, 409 AlreadyExists, and revoking a launch.
 */
class PodLauncherTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeKubernetesApi api = new FakeKubernetesApi();
    private final List<Runnable> createCalls = new ArrayList<>();
    private final List<LaunchOutcome> outcomes = new ArrayList<>();
    /** No jitter: a retry waits half its backoff (0.5 s, 1 s, 2 s, ...). */
    private final RandomGenerator noJitter = () -> 0L;

    private PodLauncher launcher(int maxConcurrent, double qps, int burst, int maxRetries) {
        return launcher(maxConcurrent, qps, burst, maxRetries, Optional.empty());
    }

    private PodLauncher launcher(int maxConcurrent, double qps, int burst, int maxRetries,
            Optional<TryTokenDelivery> tokens) {
        TokenBucket bucket = new TokenBucket(qps, burst, () -> clock.instant().toEpochMilli() * 1_000_000L);
        return new PodLauncher(new CreateCalls(api, createCalls::add, clock, tokens), maxConcurrent, bucket,
                new PublishRetryPolicy(maxRetries, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(60),
                        noJitter), clock, new KubernetesExecutorMetrics(new SimpleMeterRegistry()), outcomes::add);
    }

    /** Runs the creates started so far and returns what the launcher makes of their results. */
    private List<LaunchOutcome> finishCreates(PodLauncher launcher) {
        sendCreates();
        return applyResults(launcher);
    }

    /** Runs the creates started so far: they reach the API server; their results are not applied yet. */
    private void sendCreates() {
        List<Runnable> calls = List.copyOf(createCalls);
        createCalls.clear();
        calls.forEach(Runnable::run);
    }

    /** What the launcher makes of the results returned so far. */
    private List<LaunchOutcome> applyResults(PodLauncher launcher) {
        launcher.settleReturned();
        List<LaunchOutcome> settled = List.copyOf(outcomes);
        outcomes.clear();
        return settled;
    }

    private static LaunchId launch(TaskInstanceKey key) {
        return new LaunchId(key, 1);
    }

    private static Pod podOf(TaskInstanceKey key) {
        return pod(key, "Pending");
    }

    @Test
    void aPodsTokenSecretIsPutBeforeThePodAndOwnedByItAfter() {
        TryTokenDelivery tokens = new TryTokenDelivery((key, launch) -> "token-of-" + key.taskId() + "-" + launch,
                URI.create("http://api:8080/execution/"));
        PodLauncher launcher = launcher(3, 1000, 1000, 3, Optional.of(tokens));
        Pod pod = tokens.addTo(podOf(key("t1")));
        String name = pod.getMetadata().getName();
        launcher.enqueue(launch(key("t1")), pod);

        launcher.startCreates(1);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Launched.class);

        assertThat(api.calls()).containsExactly("put secret " + name, "create " + name,
                "own secret " + name + " by " + name);
        assertThat(api.secrets.get(name).getStringData()).containsEntry(TryTokenDelivery.SECRET_KEY, "token-of-t1-1");
        assertThat(pod.getSpec().getContainers().getFirst().getEnv()).filteredOn(env -> env.getName()
                .equals(TryTokenDelivery.TOKEN_ENV)).singleElement().satisfies(env -> {
                    assertThat(env.getValue()).as("the token is not in the pod spec").isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name);
                });
    }

    @Test
    void startsNoMoreThanTheBatchAndTheFreeCreateSlots() {
        PodLauncher launcher = launcher(3, 1000, 1000, 3);
        for (int i = 0; i < 10; i++) {
            launcher.enqueue(launch(key("t" + i)), podOf(key("t" + i)));
        }

        assertThat(launcher.startCreates(2)).isEqualTo(2);
        assertThat(launcher.startCreates(5)).as("one slot left").isEqualTo(1);
        assertThat(launcher.startCreates(5)).isZero();
        finishCreates(launcher);
        assertThat(launcher.startCreates(5)).isEqualTo(3);
        assertThat(launcher.waitingCount()).isEqualTo(4);
    }

    @Test
    void theTokenBucketHoldsCreatesUntilItRefillsWithoutBlocking() {
        PodLauncher launcher = launcher(100, 2, 3, 3);
        for (int i = 0; i < 10; i++) {
            launcher.enqueue(launch(key("t" + i)), podOf(key("t" + i)));
        }

        assertThat(launcher.startCreates(10)).as("the burst").isEqualTo(3);
        assertThat(launcher.startCreates(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(launcher.startCreates(10)).as("2 per second").isEqualTo(2);
    }

    @Test
    void nextCreateDueInSaysWhenAHeartbeatCouldStartTheNextCreate() {
        PodLauncher launcher = launcher(2, 2, 3, 3);
        assertThat(launcher.nextCreateDueIn()).as("nothing waits").isEmpty();
        for (int i = 0; i < 6; i++) {
            launcher.enqueue(launch(key("t" + i)), podOf(key("t" + i)));
        }
        assertThat(launcher.nextCreateDueIn()).as("beyond the batch: now").contains(Duration.ZERO);

        launcher.startCreates(5);
        assertThat(launcher.nextCreateDueIn()).as("both create slots busy")
                .contains(PodLauncher.CREATE_SLOT_POLL);

        finishCreates(launcher);
        launcher.startCreates(5);
        assertThat(launcher.nextCreateDueIn()).as("the burst of 3 is spent; 2 per second")
                .contains(Duration.ofMillis(500));
    }

    @Test
    void nextCreateDueInWaitsForTheEarliestRetry() {
        PodLauncher launcher = launcher(1, 10, 10, 3);
        api.failNextCreate(() -> FakeKubernetesApi.http(503, "ServiceUnavailable", "busy", null));
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);
        finishCreates(launcher);

        assertThat(launcher.nextCreateDueIn()).contains(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(500));
        assertThat(launcher.nextCreateDueIn()).contains(Duration.ZERO);
    }

    @Test
    void createdPodIsLaunched() {
        PodLauncher launcher = launcher(1, 10, 10, 3);
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);

        assertThat(finishCreates(launcher)).singleElement().isInstanceOfSatisfying(LaunchOutcome.Launched.class,
                launched -> assertThat(launched.alreadyExisted()).isFalse());
        assertThat(launcher.isLaunching(key("t"))).isFalse();
    }

    @Test
    void retryableErrorIsQueuedAgainAfterTheBackoffAndThenCreated() {
        PodLauncher launcher = launcher(1, 10, 10, 3);
        api.failNextCreate(() -> FakeKubernetesApi.http(503, "ServiceUnavailable", "busy", null));
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);

        assertThat(finishCreates(launcher)).singleElement().isEqualTo(new LaunchOutcome.Requeued(launch(key("t")),
                "503 ServiceUnavailable: busy", "[Try 1 of 3]", Duration.ofMillis(500), false));
        assertThat(launcher.isLaunching(key("t"))).isTrue();
        clock.advance(Duration.ofMillis(499));
        assertThat(launcher.startCreates(1)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(launcher.startCreates(1)).isEqualTo(1);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Launched.class);
    }

    @Test
    void tooManyRequestsPausesEveryCreateForTheRetryAfter() {
        PodLauncher launcher = launcher(10, 100, 100, 3);
        api.failNextCreate(() -> FakeKubernetesApi.http(429, "TooManyRequests", "slow down", 10));
        launcher.enqueue(launch(key("a")), podOf(key("a")));
        launcher.startCreates(1);
        finishCreates(launcher);
        launcher.enqueue(launch(key("b")), podOf(key("b")));

        clock.advance(Duration.ofSeconds(9));
        assertThat(launcher.startCreates(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(launcher.startCreates(10)).as("the bucket refills from empty at the end of the pause").isZero();
        clock.advance(Duration.ofMillis(10));
        assertThat(launcher.startCreates(10)).as("then one token per 10 ms").isEqualTo(1);
    }

    @Test
    void retriesAreBoundedByTaskPublishMaxRetries() {
        PodLauncher launcher = launcher(1, 100, 100, 1);
        for (int i = 0; i < 2; i++) {
            api.failNextCreate(() -> FakeKubernetesApi.http(403, "Forbidden", "exceeded quota: pods", null));
        }
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Requeued.class);
        clock.advance(Duration.ofSeconds(1));
        launcher.startCreates(1);

        assertThat(finishCreates(launcher)).singleElement().isInstanceOfSatisfying(LaunchOutcome.Failed.class,
                failed -> assertThat(failed.message()).contains("failed 2 time(s)").contains("exceeded quota"));
        assertThat(launcher.isLaunching(key("t"))).isFalse();
    }

    @Test
    void permanentErrorFailsWithTheApiServersMessage() {
        PodLauncher launcher = launcher(1, 100, 100, 3);
        api.failNextCreate(() -> FakeKubernetesApi.http(422, "Invalid", "spec.containers[0].image: Required value", null));
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);

        assertThat(finishCreates(launcher)).singleElement().isInstanceOfSatisfying(LaunchOutcome.Failed.class,
                failed -> assertThat(failed.message()).contains("422 Invalid: spec.containers[0].image: Required value"));
    }

    @Test
    void alreadyExistsIsLaunchedWhenThePodIsThisLaunchAndFailedOtherwise() {
        PodLauncher launcher = launcher(10, 100, 100, 3);
        Pod ours = podOf(key("ours"));
        api.pods.put(ours.getMetadata().getName(), ours);
        Pod theirs = podOf(key("theirs"));
        Pod squatter = pod(key("theirs"), 1, "another-scheduler", "Running", "5");
        api.pods.put(theirs.getMetadata().getName(), squatter);
        launcher.enqueue(launch(key("ours")), ours);
        launcher.enqueue(launch(key("theirs")), theirs);
        launcher.startCreates(2);

        List<LaunchOutcome> outcomes = finishCreates(launcher);

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(LaunchOutcome.Launched.class,
                launched -> assertThat(launched.alreadyExisted()).isTrue());
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(LaunchOutcome.Failed.class, failed -> assertThat(failed.message())
                .contains("already exists and is not this try's pod").contains("another-scheduler"));
    }

    @Test
    void revokedWhileWaitingIsDroppedAndWhileCreatingComesBackToBeDeleted() {
        PodLauncher launcher = launcher(1, 100, 100, 3);
        launcher.enqueue(launch(key("creating")), podOf(key("creating")));
        launcher.enqueue(launch(key("waiting")), podOf(key("waiting")));
        launcher.startCreates(1);
        sendCreates();

        assertThat(launcher.cancel(key("waiting"))).isTrue();
        assertThat(launcher.cancel(key("creating"))).isTrue();
        assertThat(launcher.cancel(key("unknown"))).isFalse();

        assertThat(applyResults(launcher)).singleElement().isInstanceOfSatisfying(
                LaunchOutcome.CancelledWhileCreating.class, cancelled -> assertThat(cancelled.created()).isPresent());
        assertThat(launcher.startCreates(10)).isZero();
        assertThat(api.calls()).containsExactly("create " + podOf(key("creating")).getMetadata().getName());
    }

    @Test
    void alreadyExistsForAPodGoneAgainCreatesItAnew() {
        PodLauncher launcher = launcher(1, 100, 100, 3);
        Pod pod = podOf(key("t"));
        api.failNextCreate(() -> FakeKubernetesApi.http(409, "AlreadyExists", "pods \"" + pod.getMetadata().getName()
                + "\" already exists", null));
        launcher.enqueue(launch(key("t")), pod);
        launcher.startCreates(1);

        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Requeued.class);
        launcher.startCreates(1);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Launched.class);
        assertThat(Optional.ofNullable(api.pods.get(pod.getMetadata().getName()))).isPresent();
    }

    @Test
    void aNewLaunchOfATryWaitsUntilTheCreateOfItsRevokedLaunchHasReturned() {
        PodLauncher launcher = launcher(4, 100, 100, 3);
        TaskInstanceKey key = key("t");
        Pod first = pod(key, 1, "sched-1", "Pending", "1");
        Pod second = pod(key, 2, "sched-1", "Pending", "1");
        launcher.enqueue(new LaunchId(key, 1), first);
        launcher.startCreates(1);
        sendCreates();
        launcher.cancel(key);
        launcher.enqueue(new LaunchId(key, 2), second);

        assertThat(launcher.startCreates(10)).as("launch 2 waits while launch 1's create is in flight").isZero();
        assertThat(applyResults(launcher)).singleElement().isInstanceOfSatisfying(
                LaunchOutcome.CancelledWhileCreating.class, cancelled -> assertThat(cancelled.created())
                        .hasValueSatisfying(pod -> assertThat(pod.getMetadata().getName())
                                .isEqualTo(first.getMetadata().getName())));
        assertThat(launcher.startCreates(10)).isEqualTo(1);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOfSatisfying(LaunchOutcome.Launched.class,
                launched -> assertThat(launched.pod().getMetadata().getName())
                        .isEqualTo(second.getMetadata().getName()));
        assertThat(api.calls()).containsExactly("create " + first.getMetadata().getName(),
                "create " + second.getMetadata().getName());
    }

    @Test
    void aLaunchRevokedAfterItsCreateStartedButBeforeItWasSentIsNeverSent() {
        PodLauncher launcher = launcher(4, 100, 100, 3);
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);

        launcher.cancel(key("t"));

        assertThat(finishCreates(launcher)).singleElement().isInstanceOfSatisfying(
                LaunchOutcome.CancelledWhileCreating.class, cancelled -> assertThat(cancelled.created()).isEmpty());
        assertThat(api.calls()).as("the create thread saw the revocation before sending").isEmpty();
    }

    @Test
    void aResultNobodyWaitsForIsDroppedWithoutBreakingTheLaunchesThatAreWaited() {
        PodLauncher launcher = launcher(4, 100, 100, 3);
        launcher.enqueue(launch(key("t")), podOf(key("t")));
        launcher.startCreates(1);

        LaunchOutcome stray = launcher.onResult(new CreateResult.Created(launch(key("unknown")), podOf(key("unknown")),
                Duration.ZERO));
        LaunchOutcome earlierLaunch = launcher.onResult(new CreateResult.Created(new LaunchId(key("t"), 7),
                podOf(key("t")), Duration.ZERO));

        assertThat(stray).isInstanceOf(LaunchOutcome.Unexpected.class);
        assertThat(earlierLaunch).as("a result of another launch of a try that has a create in flight")
                .isInstanceOf(LaunchOutcome.Unexpected.class);
        assertThat(finishCreates(launcher)).singleElement().isInstanceOf(LaunchOutcome.Launched.class);
    }
}
