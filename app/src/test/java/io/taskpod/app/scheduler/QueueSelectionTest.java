package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.executor.QueueSet;
import io.taskpod.core.executor.SlotPool;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.QueuedRuns;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunType;
import io.taskpod.store.task.QueueCandidate;
import io.taskpod.store.task.QueueingSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueSelectionTest {

    /**
     * Candidates are written {@code dag/task@executor[:queue]} (queue {@code default} when left out; executor
     * {@code ?}: not configured); limits {@code dag=max_active_tasks/executing}; slot pools {@code executor=free}
     * (one pool for every queue), {@code executor{q1,q2}=free} (a pool for these queues) or
     * {@code executor{!q1,q2}=free} (a pool for every other queue).
     */
    @ParameterizedTest(name = "{0} budget={1} dags={2} pools={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "a/t1@L a/t2@L a/t3@L        | 10 | a=16/0      | L=10         | a/t1 a/t2 a/t3",
        "a/t1@L a/t2@L a/t3@L        | 2  | a=16/0      | L=10         | a/t1 a/t2",
        "a/t1@L a/t2@L a/t3@L        | 10 | a=16/0      | L=1          | a/t1",
        "a/t1@L a/t2@L b/t1@L        | 10 | a=2/1 b=5/0 | L=10         | a/t1 b/t1",
        "a/t1@L a/t2@L               | 10 | a=2/2       | L=10         | ''",
        "a/t1@K a/t2@L a/t3@K        | 10 | a=16/0      | L=5 K=1      | a/t1 a/t2",
        "a/t1@? a/t2@L               | 10 | a=16/0      | L=5          | a/t2",
        "a/t1@L a/t2@L               | 0  | a=16/0      | L=5          | ''",
        "a/t1@LK:kube a/t2@LK:kube a/t3@LK | 10 | a=16/0 | LK{kube}=1 LK{!kube}=10 | a/t1 a/t3",
        "a/t1@LK a/t2@LK:kube a/t3@LK:gpu a/t4@LK | 10 | a=16/0 | LK{kube,gpu}=5 LK{!kube,gpu}=0 | a/t2 a/t3",
        "a/t1@LK:kube a/t2@LK:gpu a/t3@LK | 10 | a=16/0 | LK{kube,gpu}=1 LK{!kube,gpu}=10 | a/t1 a/t3",
        "a/t1@LK:kube a/t2@LK a/t3@L:kube | 10 | a=16/0 | LK{kube}=0 LK{!kube}=1 L=1 | a/t2 a/t3",
    })
    void choosesWithinEveryLimitInPriorityOrder(String candidates, int budget, String dags, String pools, String expected) {
        Map<String, Integer> maxActive = new HashMap<>();
        Map<String, Integer> executing = new HashMap<>();
        for (String dag : dags.trim().split("\\s+")) {
            String[] parts = dag.split("[=/]");
            maxActive.put(parts[0], Integer.parseInt(parts[1]));
            executing.put(parts[0], Integer.parseInt(parts[2]));
        }
        Map<String, List<SlotPool>> slotPools = new HashMap<>();
        for (String pool : pools.trim().split("\\s+")) {
            Matcher m = POOL.matcher(pool);
            assertThat(m.matches()).as(pool).isTrue();
            Set<String> queues = m.group(4) == null ? Set.of() : Set.of(m.group(4).split(","));
            QueueSet queueSet = m.group(2) == null ? QueueSet.all()
                    : m.group(3).isEmpty() ? QueueSet.of(queues) : QueueSet.allExcept(queues);
            slotPools.computeIfAbsent(m.group(1), e -> new ArrayList<>())
                    .add(new SlotPool(pool, queueSet, Integer.parseInt(m.group(5))));
        }
        Map<TaskInstanceId, String> executors = new HashMap<>();
        List<QueueCandidate> list = new ArrayList<>();
        for (String candidate : candidates.trim().split("\\s+")) {
            String[] parts = candidate.split("[/@:]");
            String queue = parts.length > 3 ? parts[3] : "default";
            TaskInstance ti = new TaskInstance(new TaskInstanceKey(parts[0], parts[1], "r1", 1, -1), TaskState.SCHEDULED,
                    queue, Optional.empty(), 1, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            executors.put(ti.id(), parts[2]);
            list.add(new QueueCandidate(ti, maxActive.get(parts[0])));
        }

        List<TaskInstanceId> chosen = QueueSelection.choose(new QueueingSnapshot(list, executing), budget,
                ti -> Optional.of(executors.get(ti.id())).filter(name -> !name.equals("?")), slotPools);

        assertThat(chosen.stream().map(id -> id.dagId() + "/" + id.taskId()).collect(Collectors.joining(" ")))
                .isEqualTo(expected);
    }

    private static final Pattern POOL = Pattern.compile("(\\w+)(\\{(!?)([^}]*)\\})?=(\\d+)");

    @ParameterizedTest(name = "max_active_runs={0} running={1} queued={2} -> {3}")
    @CsvSource({
        "1,  0, r1 r2, r1",
        "1,  1, r1 r2, ''",
        "3,  1, r1 r2 r3, r1 r2",
        "16, 0, r1, r1",
    })
    void queuedRunsStartOldestFirstUpToMaxActiveRuns(int maxActiveRuns, int running, String queued, String expected) {
        List<DagRunRecord> runs = Arrays.stream(queued.split(" ")).map(runId -> new DagRunRecord(new RunKey("a", runId),
                RunType.MANUAL, io.taskpod.core.model.DagRunState.QUEUED, Instant.EPOCH, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH, Optional.empty(), Optional.empty()))
                .toList();

        List<RunKey> chosen = RunStartSelection.choose(List.of(new QueuedRuns("a", maxActiveRuns, running, runs)));

        assertThat(chosen.stream().map(RunKey::runId).collect(Collectors.joining(" "))).isEqualTo(expected);
    }
}
