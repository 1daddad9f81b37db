package io.taskpod.app.testing.faults;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.MetadataQueries.TaskRow;
import io.taskpod.app.testing.kubernetes.MetadataQueries.Transition;
import io.taskpod.testkit.kubernetes.PodRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a chaos run left behind, read once it has finished, and its invariants: every task ran exactly once (one
 * marker line), in a pod of the try that ran it; every task succeeded, so none is left queued or running; every other
 * pod of the run (revoked launches, pods deleted before they ran, refused workers) is gone; the run ended within
 * {@code recoveryBound} of the last fault. Counts pods created per try, stuck-in-queued requeues and the time from
 * the end of the faults to the end of the run, for {@code docs/reliability.md}.
 */
public final class ChaosLedger {

    /** The header of {@code target/reliability/chaos.md}'s table. */
    public static final String HEADER = "| DAG | seed | tasks | faults | tries | executions | pods created"
            + " | pods per try | extra pods | extra pods left | stuck requeues | run time | faults end → run end |";

    /** What happened to one task instance. */
    private record TaskOutcome(String taskId, String state, List<String> executions, Set<String> pods,
            Map<String, Integer> podTries, int tries, int stuckRequeues) {}

    private final FaultRun run;
    private final Map<String, TaskOutcome> tasks;
    private final Set<String> extraPods;
    private final Set<String> extraPodsLeft;
    private final Duration runTime;
    private final Duration faultsToEnd;

    private ChaosLedger(FaultRun run, Map<String, TaskOutcome> tasks, Set<String> extraPods, Set<String> extraPodsLeft,
            Duration runTime, Duration faultsToEnd) {
        this.run = run;
        this.tasks = tasks;
        this.extraPods = extraPods;
        this.extraPodsLeft = extraPodsLeft;
        this.runTime = runTime;
        this.faultsToEnd = faultsToEnd;
    }

    /**
     * Waits for the run to succeed, then (up to {@code cleanupBound}) for every pod of the run that ran nothing to be
     * deleted, and reads the ledger.
     */
    public static ChaosLedger read(KubernetesEndToEnd cluster, FaultRun run, Instant faultsEnded,
            Duration cleanupBound) {
        cluster.awaitRun(run.dagId(), run.runId(), "success", FaultCluster.RUN_TIMEOUT);
        Instant ended = Instant.now();
        Map<String, TaskOutcome> tasks = new LinkedHashMap<>();
        List<Transition> transitions = cluster.database().transitions(run.dagId(), run.runId());
        for (String taskId : run.dag().taskIds()) {
            List<PodRecord> records = cluster.podRecords(run.dagId(), taskId).stream()
                    .filter(record -> record.identity(KubernetesEndToEnd.RUN_ID).equals(run.runId())).toList();
            Set<String> pods = new LinkedHashSet<>();
            records.forEach(record -> pods.add(record.name()));
            podsOf(cluster, run).stream().filter(pod -> taskId.equals(annotation(pod, KubernetesEndToEnd.TASK_ID)))
                    .forEach(pod -> pods.add(pod.getMetadata().getName()));
            Map<String, Integer> podTries = new LinkedHashMap<>();
            records.forEach(record -> podTries.put(record.name(),
                    Integer.parseInt(record.identity(KubernetesEndToEnd.TRY_NUMBER))));
            int stuckRequeues = (int) transitions.stream().filter(t -> t.taskId().equals(taskId))
                    .filter(t -> t.reason().contains("task_queued_timeout")).count();
            TaskRow row = cluster.database().task(run.dagId(), run.runId(), taskId, -1);
            tasks.put(taskId, new TaskOutcome(taskId, row.state(), cluster.markers().lines(run.dagId(), taskId, -1),
                    pods, podTries, row.tryNumber(), stuckRequeues));
        }
        Set<String> runners = tasks.values().stream().flatMap(task -> task.executions().stream())
                .map(line -> line.split(" ")[1]).collect(Collectors.toSet());
        Set<String> extra = new LinkedHashSet<>();
        tasks.values().forEach(task -> task.pods().stream().filter(pod -> !runners.contains(pod)).forEach(extra::add));
        try {
            await().atMost(cleanupBound).pollInterval(Duration.ofMillis(500))
                    .until(() -> liveExtraPods(cluster, run, extra).isEmpty());
        } catch (ConditionTimeoutException e) {
            System.out.println("[chaos] pods that ran nothing and are still there: " + cluster.livePods().stream()
                    .filter(pod -> extra.contains(pod.getMetadata().getName())).map(ChaosLedger::describe).toList());
        }
        return new ChaosLedger(run, tasks, extra, liveExtraPods(cluster, run, extra),
                Duration.between(run.triggeredAt(), ended), Duration.between(faultsEnded, ended));
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getName() + " (" + pod.getMetadata().getLabels() + ", "
                + (pod.getStatus() == null ? "no status" : pod.getStatus().getPhase()) + ")";
    }

    private static Set<String> liveExtraPods(KubernetesEndToEnd cluster, FaultRun run, Set<String> extra) {
        return podsOf(cluster.livePods(), run).stream().map(pod -> pod.getMetadata().getName())
                .filter(extra::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static List<Pod> podsOf(KubernetesEndToEnd cluster, FaultRun run) {
        return podsOf(cluster.podsSeen(), run);
    }

    private static List<Pod> podsOf(List<Pod> pods, FaultRun run) {
        return pods.stream().filter(pod -> run.dagId().equals(annotation(pod, KubernetesEndToEnd.DAG_ID))
                && run.runId().equals(annotation(pod, KubernetesEndToEnd.RUN_ID))).toList();
    }

    private static String annotation(Pod pod, String key) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(key, "");
    }

    public long tries() {
        return tasks.values().stream().mapToLong(TaskOutcome::tries).sum();
    }

    public long executions() {
        return tasks.values().stream().mapToLong(task -> task.executions().size()).sum();
    }

    public long podsCreated() {
        return tasks.values().stream().mapToLong(task -> task.pods().size()).sum();
    }

    public int stuckRequeues() {
        return tasks.values().stream().mapToInt(TaskOutcome::stuckRequeues).sum();
    }

    public Duration faultsToEnd() {
        return faultsToEnd;
    }

    /** Asserts the invariants; every failure message carries the plan, whose seed replays the run. */
    public void assertInvariants(FaultPlan plan, Duration recoveryBound) {
        SoftAssertions softly = new SoftAssertions();
        for (TaskOutcome task : tasks.values()) {
            String as = run.dagId() + "." + task.taskId() + " (" + plan.describe() + ")";
            softly.assertThat(task.state()).as(as + ": state").isEqualTo("success");
            softly.assertThat(task.executions()).as(as + ": executions (<try> <pod>)").hasSize(1);
            for (String execution : task.executions()) {
                String[] parts = execution.split(" ");
                softly.assertThat(task.podTries()).as(as + ": the pod that ran it is one of the try's pods")
                        .containsEntry(parts[1], Integer.parseInt(parts[0]));
            }
        }
        softly.assertThat(extraPodsLeft).as("pods that ran nothing, not deleted (" + plan.describe() + ")").isEmpty();
        softly.assertThat(faultsToEnd).as("time from the end of the faults to the end of the run (" + plan.describe()
                + ")").isLessThanOrEqualTo(recoveryBound);
        softly.assertAll();
    }

    /**
     * Prints the row and appends it to {@code target/reliability/chaos.md}; {@code faults}: how often each kind was
     * injected so far in the soak.
     */
    public void report(FaultPlan plan, Map<ChaosFault, Integer> faults) {
        String row = String.format(Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %d | %.2f | %d | %d | %d | %.1f s | %.1f s |",
                run.dagId(), plan.seed(), tasks.size(), run.faults().count(),
                tries(), executions(), podsCreated(), (double) podsCreated() / Math.max(1, tries()), extraPods.size(),
                extraPodsLeft.size(), stuckRequeues(), runTime.toMillis() / 1000.0, faultsToEnd.toMillis() / 1000.0);
        System.out.println("[chaos] faults by kind: " + faults);
        ReliabilityReport.append("[chaos]", "chaos.md", HEADER, row, faults + ", ");
    }
}
