package io.taskpod.app.testing.faults;

import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.MetadataQueries.TaskRow;
import io.taskpod.app.testing.kubernetes.MetadataQueries.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;

/**
 * The outcome of a run under faults, counted per task instance from what cannot lie: the marker lines each execution
 * appended ({@code executions}), the pods the node took on ({@code pods}), the final row and the database's own
 * transition log. From those: <b>lost</b> (a task instance that did not end as expected, or a try expected to run
 * that never did), <b>duplicated</b> (executions of a try beyond the first), <b>extra pods</b> (pods of a try beyond
 * the expected), <b>stuck</b> (not finished, queued longer than {@code task_queued_timeout}, or requeued by the
 * stuck-in-queued check at all) and <b>queued twice</b> (a try queued again without having been put back first,
 * which is what two schedulers queueing the same task would leave).
 */
public final class RunLedger {

    /** What a task instance should end as: its state, how often each try ran, how many pods each try got. */
    public record Expected(String state, Map<Integer, Long> executions, Map<Integer, Long> pods) {

        /** Succeeded in its first try, which ran once in one pod. */
        public static Expected succeededOnce() {
            return new Expected("success", Map.of(1, 1L), Map.of(1, 1L));
        }
    }

    /** What happened to one task instance. */
    public record TaskRecord(String taskId, String state, int tryNumber, Map<Integer, Long> executions,
            Map<Integer, Long> pods, Duration longestQueued, int stuckRequeues, int queuedTwice,
            Set<String> queuedBy) {}

    private final Map<String, TaskRecord> records;
    private final Map<String, Expected> expected;
    private final List<Transition> transitions;

    private RunLedger(Map<String, TaskRecord> records, Map<String, Expected> expected, List<Transition> transitions) {
        this.records = records;
        this.expected = expected;
        this.transitions = transitions;
    }

    /** Reads the run's task instances (unmapped) and what happened to each. */
    public static RunLedger read(KubernetesEndToEnd cluster, String dagId, String runId,
            Map<String, Expected> expected) {
        List<Transition> transitions = cluster.database().transitions(dagId, runId);
        Map<String, TaskRecord> records = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (String taskId : expected.keySet()) {
            TaskRow row = cluster.database().task(dagId, runId, taskId, -1);
            List<Transition> own = transitions.stream().filter(t -> t.taskId().equals(taskId) && t.mapIndex() == -1)
                    .toList();
            records.put(taskId, new TaskRecord(taskId, row.state(), row.tryNumber(),
                    cluster.markers().perTry(dagId, taskId, -1), cluster.podsPerTry(dagId, taskId),
                    longestQueued(own, now), stuckRequeues(own), queuedTwice(own), queuedBy(own)));
        }
        return new RunLedger(records, expected, transitions);
    }

    public Map<String, TaskRecord> records() {
        return records;
    }

    public List<Transition> transitions() {
        return transitions;
    }

    /** Tries that ran or got a pod, over all task instances. */
    public long tries() {
        return records.values().stream().mapToLong(r -> {
            Set<Integer> tries = new LinkedHashSet<>(r.executions().keySet());
            tries.addAll(r.pods().keySet());
            return tries.size();
        }).sum();
    }

    /** Executions of all tries (the marker lines). */
    public long executions() {
        return records.values().stream().flatMap(r -> r.executions().values().stream()).mapToLong(Long::longValue)
                .sum();
    }

    /** Pods the node took on for all tries. */
    public long pods() {
        return records.values().stream().flatMap(r -> r.pods().values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Task instances not in their expected final state, plus tries expected to run that never ran. */
    public int lost() {
        int lost = 0;
        for (TaskRecord record : records.values()) {
            Expected wanted = expected.get(record.taskId());
            boolean neverRan = wanted.executions().keySet().stream()
                    .anyMatch(attempt -> record.executions().getOrDefault(attempt, 0L) == 0);
            lost += !record.state().equals(wanted.state()) || neverRan ? 1 : 0;
        }
        return lost;
    }

    /** Executions of a try beyond its first, over all tries. */
    public long duplicated() {
        return records.values().stream().flatMap(r -> r.executions().values().stream())
                .mapToLong(count -> Math.max(0, count - 1)).sum();
    }

    /** Pods beyond the expected, over all tries. */
    public long extraPods() {
        long extra = 0;
        for (TaskRecord record : records.values()) {
            Map<Integer, Long> wanted = expected.get(record.taskId()).pods();
            for (Map.Entry<Integer, Long> pods : record.pods().entrySet()) {
                extra += Math.max(0, pods.getValue() - wanted.getOrDefault(pods.getKey(), 0L));
            }
        }
        return extra;
    }

    /** Unfinished task instances, those queued longer than {@code taskQueuedTimeout}, and stuck-in-queued requeues. */
    public int stuck(Duration taskQueuedTimeout) {
        int stuck = 0;
        for (TaskRecord record : records.values()) {
            boolean unfinished = !Set.of("success", "failed", "upstream_failed", "skipped").contains(record.state());
            stuck += unfinished || record.longestQueued().compareTo(taskQueuedTimeout) > 0 || record.stuckRequeues() > 0
                    ? 1 : 0;
        }
        return stuck;
    }

    /** Tries queued while already queued (without being put back to scheduled in between). */
    public int queuedTwice() {
        return records.values().stream().mapToInt(TaskRecord::queuedTwice).sum();
    }

    /** The schedulers that queued any task instance of the run. */
    public Set<String> queuedBy() {
        Set<String> all = new LinkedHashSet<>();
        records.values().forEach(r -> all.addAll(r.queuedBy()));
        return all;
    }

    /** The longest any task instance stayed queued. */
    public Duration longestQueued() {
        return records.values().stream().map(TaskRecord::longestQueued).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Asserts the exact numbers: every task instance in its expected state with exactly its expected executions and
     * pods per try, and nothing lost, duplicated, stuck or queued twice. Failure messages carry the plan (its seed).
     */
    public void assertExact(FaultPlan plan, Duration taskQueuedTimeout) {
        SoftAssertions softly = new SoftAssertions();
        for (TaskRecord record : records.values()) {
            Expected wanted = expected.get(record.taskId());
            String as = record.taskId() + " (" + plan.describe() + ")";
            softly.assertThat(record.state()).as(as + ": state").isEqualTo(wanted.state());
            softly.assertThat(record.executions()).as(as + ": executions per try")
                    .isEqualTo(new TreeMap<>(wanted.executions()));
            softly.assertThat(record.pods()).as(as + ": pods per try").isEqualTo(new TreeMap<>(wanted.pods()));
        }
        softly.assertThat(lost()).as("lost (" + plan.describe() + ")").isZero();
        softly.assertThat(duplicated()).as("duplicated (" + plan.describe() + ")").isZero();
        softly.assertThat(extraPods()).as("extra pods (" + plan.describe() + ")").isZero();
        softly.assertThat(stuck(taskQueuedTimeout)).as("stuck (" + plan.describe() + ")").isZero();
        softly.assertThat(queuedTwice()).as("queued twice (" + plan.describe() + ")").isZero();
        softly.assertAll();
    }

    /** One line per task instance, for the test's output. */
    public String table() {
        StringBuilder table = new StringBuilder();
        records.values().forEach(r -> table.append(r).append('\n'));
        return table.toString();
    }

    private static Duration longestQueued(List<Transition> transitions, Instant now) {
        Duration longest = Duration.ZERO;
        Optional<Instant> since = Optional.empty();
        for (Transition t : transitions) {
            if (since.isPresent() && !t.toState().equals("queued")) {
                Duration stint = Duration.between(since.get(), t.changedAt());
                longest = stint.compareTo(longest) > 0 ? stint : longest;
                since = Optional.empty();
            }
            if (t.toState().equals("queued")) {
                since = Optional.of(t.changedAt());
            }
        }
        Duration open = since.map(start -> Duration.between(start, now)).orElse(Duration.ZERO);
        return open.compareTo(longest) > 0 ? open : longest;
    }

    private static int stuckRequeues(List<Transition> transitions) {
        return (int) transitions.stream().filter(t -> t.reason().contains("task_queued_timeout")).count();
    }

    private static int queuedTwice(List<Transition> transitions) {
        int twice = 0;
        String state = "";
        for (Transition t : transitions) {
            if (t.toState().equals("queued") && (state.equals("queued") || !t.fromState().equals("scheduled"))) {
                twice++;
            }
            state = t.toState();
        }
        return twice;
    }

    private static Set<String> queuedBy(List<Transition> transitions) {
        List<String> by = new ArrayList<>();
        transitions.stream().filter(t -> t.toState().equals("queued")).forEach(t -> by.add(t.changedBy()));
        return new LinkedHashSet<>(by);
    }
}
