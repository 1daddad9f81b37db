package io.taskpod.kubernetes.executor;

import static io.taskpod.kubernetes.executor.ExecutorHarness.key;
import static io.taskpod.kubernetes.executor.ExecutorHarness.podName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.kubernetes.adoption.PodHandover;
import io.taskpod.kubernetes.adoption.Relabel;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Verb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking over pods of dead schedulers: race-free, never a live sibling's, completed ones cleaned. */
class KubernetesExecutorAdoptionTest {

    private static final String DEAD = "dead-1";

    @TempDir
    Path logs;

    private ExecutorHarness harness;

    @BeforeEach
    void startServer() {
        harness = new ExecutorHarness(logs);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** {@code scheduler} launches {@code taskIds} and dies, leaving its pods behind. */
    private List<TaskInstanceKey> launchedBy(String scheduler, String... taskIds) {
        KubernetesExecutor executor = harness.start(scheduler, Map.of());
        List<TaskInstanceKey> keys = Arrays.stream(taskIds).map(ExecutorHarness::key).toList();
        keys.forEach(key -> harness.queue(executor, key));
        harness.heartbeat(executor);
        keys.forEach(key -> harness.awaitPod("default", podName(key)));
        executor.terminate();
        return keys;
    }

    private String owner(TaskInstanceKey key) {
        return harness.pod("default", podName(key)).orElseThrow().getMetadata().getLabels().get(PodLabels.WORKER);
    }

    private TaskInstance row(TaskInstanceKey key) {
        return harness.states.find(key.id()).orElseThrow();
    }

    @Test
    void twoSchedulersAdoptingTheSameDeadSchedulersPodExactlyOneWins() throws Exception {
        TaskInstanceKey key = launchedBy(DEAD, "contested").getFirst();
        harness.phase("default", podName(key), "Running");
        harness.states.alive("sched-a", "sched-b");
        KubernetesExecutor a = harness.start("sched-a", Map.of());
        KubernetesExecutor b = harness.start("sched-b", Map.of());
        TaskInstance ti = row(key);

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<List<TaskInstance>> byA = CompletableFuture.supplyAsync(() -> await(go, () -> a.tryAdoptTaskInstances(List.of(ti))));
        CompletableFuture<List<TaskInstance>> byB = CompletableFuture.supplyAsync(() -> await(go, () -> b.tryAdoptTaskInstances(List.of(ti))));
        go.countDown();
        List<TaskInstance> notAdoptedByA = byA.get();
        List<TaskInstance> notAdoptedByB = byB.get();

        assertThat(List.of(notAdoptedByA.isEmpty(), notAdoptedByB.isEmpty())).containsExactlyInAnyOrder(true, false);
        KubernetesExecutor winner = notAdoptedByA.isEmpty() ? a : b;
        KubernetesExecutor loser = winner == a ? b : a;
        assertThat(owner(key)).isEqualTo(winner.schedulerId());
        assertThat(harness.pod("default", podName(key)).orElseThrow().getMetadata().getAnnotations())
                .containsEntry(PodLabels.WORKER, winner.schedulerId());
        assertThat(winner.running()).containsExactly(key);
        assertThat(loser.running()).isEmpty();

        harness.states.recorded(key, TaskState.SUCCESS);
        harness.phase("default", podName(key), "Succeeded");
        assertThat(harness.awaitFinished(winner, key).state()).isEqualTo(TaskState.SUCCESS);
        harness.heartbeat(loser);
        assertThat(harness.events(loser)).isEmpty();
    }

    @Test
    void relabelWithAStaleReadLosesToTheAdopterThatMovedThePodFirst() {
        TaskInstanceKey key = launchedBy(DEAD, "stale-read").getFirst();
        Pod readByBoth = harness.pod("default", podName(key)).orElseThrow();
        PodHandover a = handover("sched-a");
        PodHandover b = handover("sched-b");

        assertThat(a.relabel(readByBoth, DEAD)).isInstanceOf(Relabel.Adopted.class);
        assertThat(b.relabel(readByBoth, DEAD)).isEqualTo(new Relabel.LostRace("sched-a"));
        assertThat(owner(key)).isEqualTo("sched-a");
    }

    @Test
    void relabelRetriesWhenOnlyTheStatusChangedSinceItWasRead() {
        TaskInstanceKey key = launchedBy(DEAD, "status-race").getFirst();
        Pod read = harness.pod("default", podName(key)).orElseThrow();
        harness.phase("default", podName(key), "Running");

        assertThat(handover("sched-a").relabel(read, DEAD)).isInstanceOf(Relabel.Adopted.class);
        assertThat(owner(key)).isEqualTo("sched-a");
    }

    @Test
    void aLiveSiblingsTaskInstancesAndPodsAreNeverTaken() {
        TaskInstanceKey key = launchedBy("sibling", "siblings").getFirst();
        harness.states.alive("sched-a", "sibling");
        KubernetesExecutor a = harness.start("sched-a", Map.of());

        assertThat(a.tryAdoptTaskInstances(List.of(row(key)))).containsExactly(row(key));
        assertThat(owner(key)).isEqualTo("sibling");
        assertThat(a.running()).isEmpty();
    }

    @Test
    void tryOfAnotherLaunchOrNotHandedInIsLeftAlone() {
        List<TaskInstanceKey> keys = launchedBy(DEAD, "handed-in", "not-handed-in");
        harness.states.alive("sched-a");
        KubernetesExecutor a = harness.start("sched-a", Map.of());
        TaskInstance relaunched = harness.states.put(keys.getFirst(), TaskState.QUEUED, Optional.of(DEAD), 2);

        assertThat(a.tryAdoptTaskInstances(List.of(relaunched))).containsExactly(relaunched);
        assertThat(owner(keys.getFirst())).isEqualTo(DEAD);
        assertThat(owner(keys.get(1))).isEqualTo(DEAD);
    }

    @Test
    void queuedTriesWithoutAPodAreReturnedForResetButNotThoseWithAPodOrOfOthers() {
        KubernetesExecutor before = harness.start(ExecutorHarness.SCHEDULER, Map.of());
        TaskInstanceKey launched = key("launched");
        harness.queue(before, launched);
        harness.heartbeat(before);
        harness.awaitPod("default", podName(launched));
        before.terminate();
        TaskInstance neverLaunched = harness.states.queued(key("never-launched"), ExecutorHarness.SCHEDULER, 1);
        TaskInstance othersQueued = harness.states.queued(key("others"), "sibling", 1);
        KubernetesExecutor after = harness.start(ExecutorHarness.SCHEDULER, Map.of());

        assertThat(firstNotLaunchedAnswer(after, List.of(row(launched), neverLaunched, othersQueued)))
                .containsExactly(neverLaunched);
    }

    /**
     * An API server that accepts connections but does not answer must not hold up the scheduler loop: the question
     * is answered at once from the pods listed so far (nothing yet), and the list it needs runs on the list thread.
     */
    @Test
    void askingWhatWasNeverLaunchedDoesNotWaitForTheApiServer() {
        harness.server.faults().delayNext(20, ApiRequest.of(Verb.LIST, "pods"), Duration.ofSeconds(3));
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of());
        TaskInstance neverLaunched = harness.states.queued(key("never-launched"), ExecutorHarness.SCHEDULER, 1);

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> executor.clearNotLaunchedQueuedTasks(List.of(neverLaunched)))).isEmpty();

        assertThat(firstNotLaunchedAnswer(executor, List.of(neverLaunched))).containsExactly(neverLaunched);
    }

    /** Only a list that started after a task instance was queued can show that its pod was never created. */
    @Test
    void aTaskInstanceQueuedAfterTheLatestListStartedIsNotDecidedYet() {
        KubernetesExecutor executor = harness.start(ExecutorHarness.SCHEDULER, Map.of());
        TaskInstance neverLaunched = harness.states.queued(key("never-launched"), ExecutorHarness.SCHEDULER, 1);
        TaskInstance row = harness.states.queued(key("queued-later"), ExecutorHarness.SCHEDULER, 1);
        TaskInstance queuedLater = new TaskInstance(row.key(), row.state(), row.queue(), row.executor(),
                row.priorityWeight(), row.maxTries(), row.queuedBy(), row.externalExecutorId(), row.hostname(),
                row.launchAttempt(), Optional.of(harness.clock.instant().plus(Duration.ofHours(1))), row.startedAt(),
                row.endedAt(), row.lastHeartbeatAt(), row.failureReason());

        assertThat(firstNotLaunchedAnswer(executor, List.of(queuedLater, neverLaunched)))
                .containsExactly(neverLaunched);
    }

    /** Heartbeats until the executor names a task instance it never launched; returns that first answer. */
    private List<TaskInstance> firstNotLaunchedAnswer(KubernetesExecutor executor, List<TaskInstance> queued) {
        AtomicReference<List<TaskInstance>> answer = new AtomicReference<>(List.of());
        harness.heartbeatUntil(executor, () -> {
            answer.set(executor.clearNotLaunchedQueuedTasks(queued));
            return !answer.get().isEmpty();
        });
        return answer.get();
    }

    @Test
    void completedPodsOfADeadSchedulerAreCleanedAndLiveSiblingsPodsAreNot() {
        List<TaskInstanceKey> dead = launchedBy(DEAD, "dead-succeeded", "dead-failed", "dead-unreported");
        TaskInstanceKey siblings = launchedBy("sibling", "sibling-succeeded").getFirst();
        harness.states.recorded(dead.get(0), TaskState.SUCCESS);
        harness.phase("default", podName(dead.get(0)), "Succeeded");
        harness.states.recorded(dead.get(1), TaskState.FAILED);
        harness.phase("default", podName(dead.get(1)), "Failed");
        harness.phase("default", podName(dead.get(2)), "Succeeded");
        harness.states.recorded(siblings, TaskState.SUCCESS);
        harness.phase("default", podName(siblings), "Succeeded");
        harness.states.alive("sched-a", "sibling");

        KubernetesExecutor a = harness.start("sched-a", Map.of());
        harness.heartbeatUntil(a, () -> harness.pod("default", podName(dead.get(0))).isEmpty()
                && "True".equals(harness.pod("default", podName(dead.get(1))).orElseThrow().getMetadata().getLabels()
                        .get(PodLabels.EXECUTOR_DONE)));

        assertThat(owner(dead.get(1))).isEqualTo("sched-a");
        assertThat(owner(dead.get(2))).as("its try is still running in the database: left for adoption").isEqualTo(DEAD);
        assertThat(owner(siblings)).isEqualTo("sibling");
        assertThat(harness.pod("default", podName(siblings)).orElseThrow().getMetadata().getLabels())
                .doesNotContainKey(PodLabels.EXECUTOR_DONE);
        assertThat(harness.events(a)).isEmpty();
    }

    /**
     * A dead scheduler's pods that are still active but can no longer run their try (the database has the try queued
     * again as another launch, or ended) are revoked by a live scheduler's sweep, so that no extra pod outlives its
     * scheduler; one whose launch the database still has executing is left for adoption.
     */
    @Test
    void activePodsOfADeadSchedulerThatCanNoLongerRunTheirTryAreRevokedAndTheOthersLeftForAdoption() {
        List<TaskInstanceKey> dead = launchedBy(DEAD, "dead-requeued", "dead-ended", "dead-current");
        dead.forEach(key -> harness.phase("default", podName(key), "Running"));
        harness.states.queued(dead.get(0), "sched-a", 2);
        harness.states.recorded(dead.get(1), TaskState.FAILED);
        harness.states.alive("sched-a");

        KubernetesExecutor a = harness.start("sched-a", Map.of());
        harness.heartbeatUntil(a, () -> harness.pod("default", podName(dead.get(0))).isEmpty()
                && harness.pod("default", podName(dead.get(1))).isEmpty());

        assertThat(owner(dead.get(2))).as("its launch is still queued in the database: left for adoption")
                .isEqualTo(DEAD);
        assertThat(harness.events(a)).isEmpty();
    }

    private PodHandover handover(String schedulerId) {
        return new PodHandover(new Fabric8KubernetesApi(harness.admin, Duration.ofMinutes(5)),
                List.of(PodScope.namespace("default")), schedulerId, Clock.systemUTC());
    }

    private static <T> T await(CountDownLatch latch, Supplier<T> action) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return action.get();
    }
}
