package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.DependencyTransition;
import io.taskpod.store.task.TaskInstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run's state kept up to date change by change decides exactly what resolving the whole run decides
 * ({@link DependencyResolver#resolve}, the rule's reference), while looking only at what changed.
 */
class RunStateTest {

    /** {@code a} fans out to mapped {@code b}; {@code c} joins {@code a} and {@code b}; {@code d} follows {@code c}. */
    private static final Dag DAG = dag("dag")
            .task(task("a"))
            .task(task("b").dependsOn("a").expand("x", "y", "z"))
            .task(task("c").dependsOn("a", "b"))
            .task(task("d").dependsOn("c"))
            .task(task("lone"))
            .build();

    private static final List<TaskState> WORKER_STATES = List.of(TaskState.QUEUED, TaskState.RUNNING,
            TaskState.SUCCESS, TaskState.FAILED, TaskState.UP_FOR_RETRY, TaskState.SKIPPED, TaskState.NONE);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 98765})
    void decidesAsResolvingTheWholeRunDoesWhateverTheOrderOfChanges(long seed) {
        Random random = new Random(seed);
        Map<TaskInstanceId, TaskInstance> database = new LinkedHashMap<>();
        for (String taskId : List.of("a", "c", "d", "lone")) {
            put(database, TestDags.ti(taskId, TaskState.NONE));
        }
        for (int index = 0; index < 3; index++) {
            put(database, TestDags.ti("b", index, TaskState.NONE));
        }
        RunState state = new RunState();
        database.values().forEach(ti -> state.apply(status(ti)));

        for (int step = 0; step < 200; step++) {
            List<DependencyTransition> expected = DependencyResolver.resolve(DAG, List.copyOf(database.values()));
            List<DependencyTransition> incremental = state.resolve(DAG, Integer.MAX_VALUE);

            assertThat(describe(incremental)).as("seed %d step %d", seed, step).isEqualTo(describe(expected));
            for (DependencyTransition transition : incremental) {
                TaskInstance ti = database.get(transition.key().id());
                TaskInstanceKey key = transition.to() == TaskState.SCHEDULED
                        ? ti.key().withTryNumber(ti.key().tryNumber() + 1) : ti.key();
                TaskInstance moved = withState(ti, key, transition.to());
                put(database, moved);
                state.apply(status(moved));
            }
            assertThat(state.outcome()).as("seed %d step %d", seed, step).isEqualTo(
                    DagRunOutcome.of(database.values().stream().map(TaskInstance::state).toList()));
            TaskInstance changed = List.copyOf(database.values()).get(random.nextInt(database.size()));
            TaskInstance external = withState(changed, changed.key(), WORKER_STATES.get(random.nextInt(WORKER_STATES.size())));
            put(database, external);
            state.apply(status(external));
        }
    }

    @Test
    void onlyTheWaitingTaskInstancesBelowAChangeAreLookedAt() {
        RunState state = new RunState();
        List.of(TestDags.ti("a", TaskState.RUNNING), TestDags.ti("c", TaskState.NONE), TestDags.ti("d", TaskState.NONE),
                TestDags.ti("lone", TaskState.SUCCESS)).forEach(ti -> state.apply(status(ti)));
        assertThat(state.resolve(DAG, Integer.MAX_VALUE)).isEmpty();

        state.apply(status(TestDags.ti("lone", TaskState.FAILED)));
        assertThat(state.resolve(DAG, Integer.MAX_VALUE)).as("nothing depends on lone").isEmpty();

        state.apply(status(TestDags.ti("a", TaskState.SUCCESS)));
        assertThat(describe(state.resolve(DAG, Integer.MAX_VALUE))).isEqualTo("c:-1>scheduled");
        assertThat(state.resolve(DAG, Integer.MAX_VALUE)).as("asked again without a change").isEmpty();
    }

    @Test
    void aCappedResolveLeavesTheRestForTheNextCall() {
        RunState state = new RunState();
        List.of(TestDags.ti("a", TaskState.NONE), TestDags.ti("lone", TaskState.NONE), TestDags.ti("c", TaskState.NONE))
                .forEach(ti -> state.apply(status(ti)));

        assertThat(describe(state.resolve(DAG, 1))).isEqualTo("a:-1>scheduled");
        assertThat(state.resolvePending()).isTrue();
        assertThat(describe(state.resolve(DAG, 1))).as("c waits for a; lone is next").isEqualTo("lone:-1>scheduled");
        assertThat(state.resolvePending()).isFalse();
        assertThat(state.resolve(DAG, 1)).isEmpty();
    }

    @Test
    void anotherVersionOfTheDagLooksAtEveryWaitingTaskInstanceAgain() {
        RunState state = new RunState();
        List.of(TestDags.ti("a", TaskState.RUNNING), TestDags.ti("gone", TaskState.NONE), TestDags.ti("c", TaskState.NONE))
                .forEach(ti -> state.apply(status(ti)));
        assertThat(describe(state.resolve(DAG, Integer.MAX_VALUE))).isEqualTo("gone:-1>removed");
        state.apply(status(TestDags.ti("gone", TaskState.REMOVED)));
        assertThat(state.resolve(DAG, Integer.MAX_VALUE)).isEmpty();

        Dag withoutUpstreams = dag("dag").task(task("c")).build();

        assertThat(describe(state.resolve(withoutUpstreams, Integer.MAX_VALUE))).isEqualTo("c:-1>scheduled");
    }

    @Test
    void knowsTheOutcomeScheduledTaskInstancesAndTheNextRetryFromCounters() {
        RunState state = new RunState();
        Instant due = Instant.parse("2025-01-01T00:05:00Z");
        state.apply(new TaskInstanceStatus(TestDags.ti("a", TaskState.SUCCESS).key(), TaskState.SUCCESS, Optional.empty()));
        state.apply(new TaskInstanceStatus(TestDags.ti("c", TaskState.SCHEDULED).key(), TaskState.SCHEDULED, Optional.empty()));
        state.apply(new TaskInstanceStatus(TestDags.ti("d", TaskState.UP_FOR_RETRY).key(), TaskState.UP_FOR_RETRY,
                Optional.of(due)));

        assertThat(state.outcome()).isEmpty();
        assertThat(state.anyScheduled()).isTrue();
        assertThat(state.earliestRetry()).contains(due);

        state.apply(new TaskInstanceStatus(TestDags.ti("c", TaskState.SUCCESS).key(), TaskState.SUCCESS, Optional.empty()));
        state.apply(new TaskInstanceStatus(TestDags.ti("d", TaskState.FAILED).key(), TaskState.FAILED, Optional.empty()));

        assertThat(state.anyScheduled()).isFalse();
        assertThat(state.earliestRetry()).isEmpty();
        assertThat(state.outcome()).contains(DagRunState.FAILED);
        assertThat(new RunState().outcome()).as("a run without task instances").contains(DagRunState.SUCCESS);
    }

    private static void put(Map<TaskInstanceId, TaskInstance> database, TaskInstance ti) {
        database.put(ti.id(), ti);
    }

    private static TaskInstanceStatus status(TaskInstance ti) {
        return new TaskInstanceStatus(ti.key(), ti.state(), Optional.empty());
    }

    private static TaskInstance withState(TaskInstance ti, TaskInstanceKey key, TaskState state) {
        return new TaskInstance(key, state, ti.queue(), ti.executor(), ti.priorityWeight(), ti.maxTries(), ti.queuedBy(),
                ti.externalExecutorId(), ti.hostname(), ti.launchAttempt(), ti.queuedAt(), ti.startedAt(), ti.endedAt(),
                ti.lastHeartbeatAt(), ti.failureReason());
    }

    private static String describe(List<DependencyTransition> transitions) {
        List<DependencyTransition> sorted = new ArrayList<>(transitions);
        sorted.sort((x, y) -> x.key().taskId().equals(y.key().taskId())
                ? Integer.compare(x.key().mapIndex(), y.key().mapIndex()) : x.key().taskId().compareTo(y.key().taskId()));
        return sorted.stream().map(t -> t.key().taskId() + ":" + t.key().mapIndex() + ">" + t.to().dbValue())
                .collect(Collectors.joining(", "));
    }
}
