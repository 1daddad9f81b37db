package io.taskpod.app.testing.faults;

import static org.awaitility.Awaitility.await;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.NodeBehaviour;
import io.taskpod.testkit.kubernetes.PodRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Injects {@link ChaosFault}s into a running {@link KubernetesEndToEnd}, one at a time, with the plan's seeded
 * durations and sizes, and keeps track of the one scheduler that runs: it is killed and replaced with the same id or
 * a new one ({@code s1}, {@code s2}, …). Every fault goes into the run's fault log with when it began and ended.
 */
public final class ChaosMonkey {

    /** Long enough that a pod the monkey holds in ContainerCreating is deleted before it could start. */
    private static final Duration HELD_START = Duration.ofMinutes(10);

    private final KubernetesEndToEnd cluster;
    private final FaultPlan plan;
    private final Duration taskQueuedTimeout;
    private final Map<ChaosFault, Integer> injected = new EnumMap<>(ChaosFault.class);
    private final List<String> schedulerIds = new ArrayList<>();
    private SchedulerProcess scheduler;
    private int podDeletes;

    /** Starts the first scheduler, {@code s1}. */
    public ChaosMonkey(KubernetesEndToEnd cluster, FaultPlan plan, Duration taskQueuedTimeout) {
        this.cluster = cluster;
        this.plan = plan;
        this.taskQueuedTimeout = taskQueuedTimeout;
        this.scheduler = start("s1");
    }

    /** How often each kind of fault was injected so far. */
    public Map<ChaosFault, Integer> injected() {
        return Map.copyOf(injected);
    }

    /** Every scheduler id started, in order. */
    public List<String> schedulerIds() {
        return List.copyOf(schedulerIds);
    }

    /**
     * Injects {@code fault} into {@code run}; false when the run finished before the fault could land (no pod left to
     * delete), and then nothing was done.
     */
    public boolean inject(ChaosFault fault, FaultRun run) {
        Instant began = Instant.now();
        switch (fault) {
            case KILL_SAME_ID -> {
                scheduler.kill();
                scheduler = start(scheduler.id());
            }
            case KILL_NEW_ID -> {
                scheduler.kill();
                scheduler = start("s" + (schedulerIds.stream().distinct().count() + 1));
            }
            case WATCH_CUT -> cluster.cutWatches();
            case WATCH_GONE -> cluster.expireWatches();
            case SHORT_API_OUTAGE -> outage(KubernetesEndToEnd::stopApiServer, KubernetesEndToEnd::startApiServer,
                    plan.between(Duration.ofSeconds(2), Duration.ofSeconds(6)));
            case LONG_API_OUTAGE -> outage(KubernetesEndToEnd::stopApiServer, KubernetesEndToEnd::startApiServer,
                    taskQueuedTimeout.plus(plan.between(Duration.ofSeconds(2), Duration.ofSeconds(6))));
            case POSTGRES_RESTART -> outage(KubernetesEndToEnd::stopPostgres, KubernetesEndToEnd::startPostgres,
                    plan.between(Duration.ofMillis(500), Duration.ofSeconds(3)));
            case POD_DELETE -> {
                if (!deletePendingPod(run)) {
                    return false;
                }
            }
            case QUOTA_403 -> cluster.apiServer().faults().failPodCreates(plan.between(1, 3), Failure.quotaExceeded());
            case THROTTLE_429 -> cluster.apiServer().faults().failNext(plan.between(1, 2), ApiRequest.creates("pods"),
                    Failure.tooManyRequests(plan.between(Duration.ofSeconds(1), Duration.ofSeconds(3))));
        }
        run.faults().add(fault.description() + (fault == ChaosFault.KILL_NEW_ID || fault == ChaosFault.KILL_SAME_ID
                ? " (now " + scheduler.id() + ")" : ""), began, Instant.now());
        injected.merge(fault, 1, Integer::sum);
        return true;
    }

    private SchedulerProcess start(String id) {
        schedulerIds.add(id);
        return cluster.startScheduler(id);
    }

    private void outage(Consumer<KubernetesEndToEnd> stop, Consumer<KubernetesEndToEnd> start, Duration length) {
        stop.accept(cluster);
        OutageScenario.holdFor(length);
        start.accept(cluster);
    }

    /**
     * A third party deletes a try's pod before it runs anything: the node holds the next try-1 pod of the run in
     * ContainerCreating, and it is deleted as soon as the node has it. The try fails and its retry runs the task.
     */
    private boolean deletePendingPod(FaultRun run) {
        NodeBehaviour held = NodeBehaviour.delayedStart(HELD_START.plusMillis(++podDeletes));
        cluster.kubelet().script(pod -> {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            return annotations != null && run.dagId().equals(annotations.get(KubernetesEndToEnd.DAG_ID))
                    && run.runId().equals(annotations.get(KubernetesEndToEnd.RUN_ID))
                    && "1".equals(annotations.get(KubernetesEndToEnd.TRY_NUMBER));
        }, held, 1);
        await().atMost(FaultCluster.RUN_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> run.progress().finished() || heldPod(held).isPresent());
        Optional<PodRecord> target = heldPod(held);
        if (target.isEmpty()) {
            return false;
        }
        cluster.deletePod(target.get().namespace(), target.get().name());
        return true;
    }

    private Optional<PodRecord> heldPod(NodeBehaviour held) {
        return cluster.kubelet().pods().stream().filter(record -> record.behaviour().equals(held)).findFirst();
    }
}
