package io.taskpod.core.executor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's LocalKubernetesExecutor: a task whose queue is one of {@code [local_kubernetes_executor]
 * kubernetes_queue} runs on the Kubernetes side, every other task on the local side. The queue alone decides, so
 * a task instance always has the same owner: queueing, adoption and revocation of a task instance reach that side
 * only, never the other (Airflow's #42151: the Kubernetes side once reset the local side's task instances).
 *
 * <p>{@code start}, {@code heartbeat}, {@code sync}, {@code end} and {@code terminate} reach both sides, also when
 * one of them throws (the first error is rethrown afterwards, the second added to it), so a failing side never
 * stops the other. Queued and running sets, {@code hasTask} and the events are the union of both.
 *
 * <p><b>Slots.</b> Each side keeps its own budget ({@link #slotPools()}: one pool per side), and the total is the
 * sum of both. Airflow reports the local side's slots only, so a full local side blocks Kubernetes tasks; here a
 * full side holds back only the tasks of its own queues.
 */
public final class LocalKubernetesExecutor implements Executor {

    /** The name this executor is configured under. */
    public static final String NAME = "LocalKubernetesExecutor";
    /** The name of the executor its Kubernetes side is; a scheduler runs at most one. */
    public static final String KUBERNETES_SIDE = "KubernetesExecutor";

    private static final Logger log = LoggerFactory.getLogger(LocalKubernetesExecutor.class);

    private final Executor local;
    private final Executor kubernetes;
    private final Set<String> kubernetesQueues;

    /**
     * @param kubernetesQueues the queues whose tasks run on the Kubernetes side; at least one
     */
    public LocalKubernetesExecutor(Executor local, Executor kubernetes, Collection<String> kubernetesQueues) {
        this.local = Objects.requireNonNull(local, "local");
        this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
        if (kubernetesQueues.isEmpty()) {
            throw new IllegalArgumentException("the LocalKubernetesExecutor needs at least one kubernetes queue");
        }
        this.kubernetesQueues = Collections.unmodifiableSet(new LinkedHashSet<>(kubernetesQueues));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The queues whose tasks run on the Kubernetes side, as configured. */
    public Set<String> kubernetesQueues() {
        return kubernetesQueues;
    }

    /** The side that runs the tasks of this queue. */
    public Executor sideFor(String queue) {
        return kubernetesQueues.contains(queue) ? kubernetes : local;
    }

    @Override
    public void queueWorkload(ExecuteTask workload) {
        sideFor(workload.queue()).queueWorkload(workload);
    }

    @Override
    public void heartbeat() {
        onBoth(Executor::heartbeat, "heartbeat");
    }

    @Override
    public void sync() {
        onBoth(Executor::sync, "sync");
    }

    /** The sooner of the two sides' backlogs, so neither side's launches wait for the scheduler's idle sleep. */
    @Override
    public Optional<Duration> backlogDueIn() {
        return Stream.of(local.backlogDueIn(), kubernetes.backlogDueIn()).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
    }

    @Override
    public void start() {
        onBoth(Executor::start, "start");
    }

    /** Either side's outcomes wake the scheduler. */
    @Override
    public void onEventsPending(Runnable wakeUp) {
        local.onEventsPending(wakeUp);
        kubernetes.onEventsPending(wakeUp);
    }

    /**
     * Ends the Kubernetes side first (it leaves its pods running and saves its watch positions at once), then the
     * local side (which waits for its workers).
     */
    @Override
    public void end() {
        onBoth(Executor::end, "end");
    }

    @Override
    public void terminate() {
        onBoth(Executor::terminate, "terminate");
    }

    /** Runs {@code action} on the Kubernetes side, then on the local side, whatever the first one throws. */
    private void onBoth(Consumer<Executor> action, String what) {
        RuntimeException failure = null;
        for (Executor side : List.of(kubernetes, local)) {
            try {
                action.accept(side);
            } catch (RuntimeException e) {
                log.error("{}: {} of its {} failed", NAME, what, side.name(), e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The sum of both sides' free slots. */
    @Override
    public int slotsAvailable() {
        return SlotPool.totalFree(slotPools());
    }

    /** One pool per side: the Kubernetes side's for the kubernetes queues, the local side's for every other queue. */
    @Override
    public List<SlotPool> slotPools() {
        return List.of(new SlotPool("kubernetes", QueueSet.of(kubernetesQueues), kubernetes.slotsAvailable()),
                new SlotPool("local", QueueSet.allExcept(kubernetesQueues), local.slotsAvailable()));
    }

    @Override
    public int slotsOccupied() {
        return local.slotsOccupied() + kubernetes.slotsOccupied();
    }

    /** Offers each side only the task instances of its own queues; returns what either did not adopt. */
    @Override
    public List<TaskInstance> tryAdoptTaskInstances(Collection<TaskInstance> taskInstances) {
        List<TaskInstance> forKubernetes = new ArrayList<>();
        List<TaskInstance> forLocal = new ArrayList<>();
        taskInstances.forEach(ti -> (sideFor(ti.queue()) == kubernetes ? forKubernetes : forLocal).add(ti));
        List<TaskInstance> notAdopted = new ArrayList<>();
        if (!forKubernetes.isEmpty()) {
            notAdopted.addAll(kubernetes.tryAdoptTaskInstances(forKubernetes));
        }
        if (!forLocal.isEmpty()) {
            notAdopted.addAll(local.tryAdoptTaskInstances(forLocal));
        }
        return notAdopted;
    }

    /**
     * Offers the Kubernetes side only the task instances of its queues; the local side's are never handed to it
     * (Airflow's #42151: the Kubernetes side reset task instances the local side ran) and the local side keeps its
     * own rule (by default it clears none).
     */
    @Override
    public List<TaskInstance> clearNotLaunchedQueuedTasks(Collection<TaskInstance> queuedTaskInstances) {
        List<TaskInstance> forKubernetes = new ArrayList<>();
        List<TaskInstance> forLocal = new ArrayList<>();
        queuedTaskInstances.forEach(ti -> (sideFor(ti.queue()) == kubernetes ? forKubernetes : forLocal).add(ti));
        List<TaskInstance> notLaunched = new ArrayList<>();
        if (!forKubernetes.isEmpty()) {
            notLaunched.addAll(kubernetes.clearNotLaunchedQueuedTasks(forKubernetes));
        }
        if (!forLocal.isEmpty()) {
            notLaunched.addAll(local.clearNotLaunchedQueuedTasks(forLocal));
        }
        return notLaunched;
    }

    /** The wait as the side its queue routes to sees it. */
    @Override
    public Optional<Instant> queuedWaitSince(TaskInstance taskInstance) {
        return sideFor(taskInstance.queue()).queuedWaitSince(taskInstance);
    }

    /** Revokes the try on the side its queue routes to. */
    @Override
    public void revokeTask(TaskInstance taskInstance) {
        sideFor(taskInstance.queue()).revokeTask(taskInstance.key());
    }

    /** Revokes the try on the side that holds it; a try neither side holds is not this executor's to revoke. */
    @Override
    public void revokeTask(TaskInstanceKey key) {
        if (kubernetes.hasTask(key)) {
            kubernetes.revokeTask(key);
        } else if (local.hasTask(key)) {
            local.revokeTask(key);
        } else {
            log.debug("{}: {} is held by neither side; nothing to revoke", NAME, key);
        }
    }

    @Override
    public boolean hasTask(TaskInstanceKey key) {
        return local.hasTask(key) || kubernetes.hasTask(key);
    }

    /** The local side's events, then the Kubernetes side's. */
    @Override
    public List<ExecutorEvent> drainEvents() {
        List<ExecutorEvent> events = new ArrayList<>(local.drainEvents());
        events.addAll(kubernetes.drainEvents());
        return events;
    }

    /** Both sides' drained events are stored: {@link #drainEvents} drained both. */
    @Override
    public void eventsStored() {
        onBoth(Executor::eventsStored, "eventsStored");
    }

    @Override
    public Set<TaskInstanceKey> running() {
        Set<TaskInstanceKey> union = new LinkedHashSet<>(local.running());
        union.addAll(kubernetes.running());
        return Collections.unmodifiableSet(union);
    }

    @Override
    public Map<TaskInstanceKey, ExecuteTask> queuedTasks() {
        Map<TaskInstanceKey, ExecuteTask> union = new LinkedHashMap<>(local.queuedTasks());
        union.putAll(kubernetes.queuedTasks());
        return Collections.unmodifiableMap(union);
    }

    /**
     * Registers {@code executor.open_slots} (the side's free slots), {@code executor.queued_tasks} and
     * {@code executor.running_tasks} per side, tagged {@code executor=LocalKubernetesExecutor} and
     * {@code side=local|kubernetes}. The sides' own gauges are not registered: they would collide with those of a
     * LocalExecutor configured next to this executor.
     */
    @Override
    public void bindMetrics(MeterRegistry registry) {
        bindSide(registry, "local", local);
        bindSide(registry, "kubernetes", kubernetes);
    }

    private static void bindSide(MeterRegistry registry, String sideName, Executor side) {
        Tags tags = Tags.of("executor", NAME, "side", sideName);
        Gauge.builder("executor.open_slots", side, s -> s.slotsAvailable()).tags(tags).register(registry);
        Gauge.builder("executor.queued_tasks", side, s -> s.queuedTasks().size()).tags(tags).register(registry);
        Gauge.builder("executor.running_tasks", side, s -> s.running().size()).tags(tags).register(registry);
    }

    @Override
    public String toString() {
        return NAME + "(kubernetes_queue=" + kubernetesQueues + ", local=" + local + ", kubernetes=" + kubernetes + ")";
    }
}
