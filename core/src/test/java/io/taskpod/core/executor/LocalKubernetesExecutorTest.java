package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LocalKubernetesExecutor's routing over two recording sides: which side gets what. */
class LocalKubernetesExecutorTest {

    private final RecordingSide local = new RecordingSide("LocalExecutor", 2);
    private final RecordingSide kubernetes = new RecordingSide("KubernetesExecutor", 2);

    private LocalKubernetesExecutor hybrid(String... kubernetesQueues) {
        return new LocalKubernetesExecutor(local, kubernetes, Arrays.asList(kubernetesQueues));
    }

    private static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("dag", taskId, "run", 1, -1);
    }

    private static ExecuteTask workload(String taskId, String queue) {
        return new ExecuteTask(key(taskId), queue, 1, Optional.empty(), Map.of(), 1,
                WorkerCommand.forLaunch(key(taskId), 1));
    }

    private static TaskInstance ti(String taskId, String queue) {
        return new TaskInstance(key(taskId), TaskState.RUNNING, queue, Optional.empty(), 1, 1, Optional.of("old"),
                Optional.empty(), Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void anOutcomeOnEitherSideWakesTheScheduler() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        List<String> wakeUps = new ArrayList<>();
        hybrid.onEventsPending(() -> wakeUps.add("wake"));

        local.learnOutcome();
        kubernetes.learnOutcome();

        assertThat(wakeUps).hasSize(2);
    }

    @ParameterizedTest(name = "kubernetes_queue={0}: queue {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "kubernetes           | kubernetes | KubernetesExecutor",
        "kubernetes           | default    | LocalExecutor",
        "kubernetes           | gpu-queue  | LocalExecutor",
        "kubernetes           | Kubernetes | LocalExecutor",
        "kubernetes,gpu-queue | gpu-queue  | KubernetesExecutor",
        "kubernetes,gpu-queue | kubernetes | KubernetesExecutor",
        "kubernetes,gpu-queue | default    | LocalExecutor",
        "gpu-queue            | kubernetes | LocalExecutor",
    })
    void aTaskRunsOnTheKubernetesSideExactlyWhenItsQueueIsAKubernetesQueue(String kubernetesQueues, String queue,
            String expectedSide) {
        LocalKubernetesExecutor hybrid = hybrid(kubernetesQueues.split(","));

        hybrid.queueWorkload(workload("t", queue));
        hybrid.heartbeat();

        RecordingSide chosen = expectedSide.equals("KubernetesExecutor") ? kubernetes : local;
        RecordingSide other = chosen == local ? kubernetes : local;
        assertThat(chosen.launched).extracting(ExecuteTask::key).containsExactly(key("t"));
        assertThat(other.launched).isEmpty();
        assertThat(hybrid.sideFor(queue)).isSameAs(chosen);
    }

    @Test
    void aBacklogOnEitherSideIsTheHybridsBacklog() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        assertThat(hybrid.backlogDueIn()).isEmpty();

        hybrid.queueWorkload(workload("pod", "kubernetes"));

        assertThat(hybrid.backlogDueIn()).contains(Duration.ZERO);
        hybrid.heartbeat();
        assertThat(hybrid.backlogDueIn()).isEmpty();
        hybrid.queueWorkload(workload("process", "default"));
        assertThat(hybrid.backlogDueIn()).contains(Duration.ZERO);
    }

    @Test
    void lifecycleCallsReachBothSidesEvenWhenOneFails() {
        kubernetes.failing();
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        List<Consumer<Executor>> calls = List.of(Executor::start, Executor::heartbeat, Executor::sync, Executor::end,
                Executor::terminate);

        for (Consumer<Executor> call : calls) {
            assertThatThrownBy(() -> call.accept(hybrid)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("KubernetesExecutor cannot");
        }

        assertThat(kubernetes.calls).containsExactly("start", "heartbeat", "sync", "end", "terminate");
        assertThat(local.calls).containsExactly("start", "heartbeat", "sync", "sync", "end", "terminate");
    }

    @Test
    void whenBothSidesFailTheFirstErrorCarriesTheSecond() {
        kubernetes.failing();
        local.failing();

        assertThatThrownBy(hybrid("kubernetes")::sync).hasMessage("KubernetesExecutor cannot sync")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("LocalExecutor cannot sync"));
    }

    @Test
    void queuedRunningHasTaskAndEventsAreTheUnionOfBothSides() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        hybrid.queueWorkload(workload("pod", "kubernetes"));
        hybrid.queueWorkload(workload("process", "default"));
        assertThat(hybrid.queuedTasks()).containsOnlyKeys(key("pod"), key("process"));

        hybrid.heartbeat();
        hybrid.queueWorkload(workload("waiting", "kubernetes"));

        assertThat(hybrid.running()).containsExactlyInAnyOrder(key("pod"), key("process"));
        assertThat(hybrid.queuedTasks()).containsOnlyKeys(key("waiting"));
        assertThat(List.of("pod", "process", "waiting", "unknown")).map(id -> hybrid.hasTask(key(id)))
                .containsExactly(true, true, true, false);
        assertThat(hybrid.drainEvents()).extracting(e -> e.key().taskId() + "@" + e.info().orElseThrow())
                .containsExactly("process@LocalExecutor", "pod@KubernetesExecutor");
        assertThat(hybrid.drainEvents()).isEmpty();
        assertThat(hybrid.slotsOccupied()).isEqualTo(3);
    }

    @Test
    void adoptionOffersEachSideOnlyTheTaskInstancesOfItsQueues() {
        kubernetes.adopting("pod-alive");
        local.adopting("process-alive");
        LocalKubernetesExecutor hybrid = hybrid("kubernetes", "gpu-queue");

        List<TaskInstance> notAdopted = hybrid.tryAdoptTaskInstances(List.of(ti("pod-alive", "kubernetes"),
                ti("pod-gone", "gpu-queue"), ti("process-alive", "default"), ti("process-gone", "etl")));

        assertThat(kubernetes.offered).extracting(ti -> ti.key().taskId()).containsExactly("pod-alive", "pod-gone");
        assertThat(local.offered).extracting(ti -> ti.key().taskId()).containsExactly("process-alive", "process-gone");
        assertThat(notAdopted).extracting(ti -> ti.key().taskId()).containsExactlyInAnyOrder("pod-gone", "process-gone");
        assertThat(hybrid.running()).containsExactlyInAnyOrder(key("pod-alive"), key("process-alive"));
    }

    @Test
    void aSideWithNothingToAdoptIsNotAsked() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");

        hybrid.tryAdoptTaskInstances(List.of(ti("process", "default")));

        assertThat(kubernetes.offered).isEmpty();
        assertThat(local.offered).hasSize(1);
    }

    @Test
    void notLaunchedTaskInstancesAreAskedOfTheirOwnSideOnly() {
        kubernetes.notLaunched("pod-lost", "process-lost");
        local.notLaunched("process-lost");
        LocalKubernetesExecutor hybrid = hybrid("kubernetes", "gpu-queue");

        List<TaskInstance> notLaunched = hybrid.clearNotLaunchedQueuedTasks(List.of(ti("pod-lost", "kubernetes"),
                ti("pod-running", "gpu-queue"), ti("process-lost", "default"), ti("process-running", "etl")));

        assertThat(kubernetes.askedNotLaunched).extracting(ti -> ti.key().taskId())
                .containsExactly("pod-lost", "pod-running");
        assertThat(local.askedNotLaunched).extracting(ti -> ti.key().taskId())
                .containsExactly("process-lost", "process-running");
        assertThat(notLaunched).extracting(ti -> ti.key().taskId())
                .containsExactlyInAnyOrder("pod-lost", "process-lost");
    }

    @Test
    void revocationGoesToTheOwningSideOnly() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        hybrid.queueWorkload(workload("pod", "kubernetes"));
        hybrid.queueWorkload(workload("process", "default"));
        hybrid.heartbeat();

        hybrid.revokeTask(ti("pod", "kubernetes"));
        hybrid.revokeTask(key("process"));
        hybrid.revokeTask(key("unknown"));
        hybrid.revokeTask(ti("never-queued", "default"));

        assertThat(kubernetes.revoked).containsExactly(key("pod"));
        assertThat(local.revoked).containsExactly(key("process"), key("never-queued"));
        assertThat(hybrid.running()).isEmpty();
    }

    @Test
    void aSaturatedSideLeavesTheOtherSidesSlotsFree() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes", "gpu-queue");
        for (String id : List.of("p1", "p2", "p3")) {
            hybrid.queueWorkload(workload(id, "default"));
        }
        hybrid.heartbeat();

        assertThat(hybrid.slotPools()).containsExactly(
                new SlotPool("kubernetes", QueueSet.of(Set.of("kubernetes", "gpu-queue")), 2),
                new SlotPool("local", QueueSet.allExcept(Set.of("kubernetes", "gpu-queue")), 0));
        assertThat(hybrid.slotsAvailable()).isEqualTo(2);

        hybrid.queueWorkload(workload("pod", "gpu-queue"));
        hybrid.heartbeat();

        assertThat(kubernetes.launched).extracting(w -> w.key().taskId()).containsExactly("pod");
        assertThat(local.launched).extracting(w -> w.key().taskId()).containsExactly("p1", "p2");
        assertThat(hybrid.slotPools()).extracting(SlotPool::free).containsExactly(1, 0);
    }

    @Test
    void unlimitedSidesAddUpWithoutOverflow() {
        LocalKubernetesExecutor hybrid = new LocalKubernetesExecutor(new RecordingSide("LocalExecutor", 0),
                new RecordingSide("KubernetesExecutor", 0), List.of("kubernetes"));

        assertThat(hybrid.slotsAvailable()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void gaugesArePerSide() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        hybrid.bindMetrics(registry);
        hybrid.queueWorkload(workload("pod", "kubernetes"));

        assertThat(registry.get("executor.queued_tasks").tag("executor", "LocalKubernetesExecutor")
                .tag("side", "kubernetes").gauge().value()).isEqualTo(1);
        assertThat(registry.get("executor.queued_tasks").tag("side", "local").gauge().value()).isZero();
        assertThat(registry.get("executor.open_slots").tag("side", "kubernetes").gauge().value()).isEqualTo(1);
    }

    /** The scheduler drained both sides' events; once it has stored them, both sides are told, the failing one too. */
    @Test
    void theHandoverOfStoredEventsReachesBothSides() {
        LocalKubernetesExecutor hybrid = hybrid("kubernetes");
        local.failing();

        hybrid.drainEvents();
        assertThatThrownBy(hybrid::eventsStored).hasMessageContaining("cannot eventsStored");

        assertThat(kubernetes.calls).containsExactly("eventsStored");
        assertThat(local.calls).containsExactly("eventsStored");
    }

    @Test
    void atLeastOneKubernetesQueueIsRequired() {
        assertThatThrownBy(() -> new LocalKubernetesExecutor(local, kubernetes, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one kubernetes queue");
    }
}
