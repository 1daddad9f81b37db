package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static io.taskpod.app.scheduler.TestDags.ti;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.task.DependencyTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependencyResolverTest {

    /** {@code down} depends on {@code up1} and {@code up2}; {@code up2} is mapped over two items. */
    private static final Dag DAG = dag("dag")
            .task(task("up1"))
            .task(task("up2").expand("a", "b"))
            .task(task("down").dependsOn("up1", "up2"))
            .build();

    private static TaskState state(String name) {
        return TaskState.fromDb(name);
    }

    @ParameterizedTest(name = "up1={0} up2[0]={1} up2[1]={2} -> {3}")
    @CsvSource({
        "success,         success,         success,         scheduled",
        "success,         success,         running,         waits",
        "running,         success,         success,         waits",
        "failed,          running,         none,            upstream_failed",
        "success,         failed,          running,         waits",
        "success,         failed,          success,         upstream_failed",
        "upstream_failed, success,         success,         upstream_failed",
        "success,         skipped,         success,         skipped",
        "skipped,         running,         success,         waits",
        "skipped,         failed,          success,         upstream_failed",
        "success,         removed,         success,         scheduled",
        "up_for_retry,    success,         success,         waits",
    })
    void aWaitingTaskFollowsItsUpstreams(String up1, String up20, String up21, String expected) {
        List<TaskInstance> run = List.of(ti("up1", state(up1)), ti("up2", 0, state(up20)), ti("up2", 1, state(up21)),
                ti("down", TaskState.NONE));

        List<DependencyTransition> transitions = DependencyResolver.resolve(DAG, run);

        String outcome = transitions.stream().filter(t -> t.key().taskId().equals("down"))
                .map(t -> t.to().dbValue()).findFirst().orElse("waits");
        assertThat(outcome).isEqualTo(expected);
    }

    @Test
    void tasksWithoutUpstreamsAreScheduledAndFinishedOrActiveOnesAreLeftAlone() {
        List<TaskInstance> run = List.of(ti("up1", TaskState.NONE), ti("up2", 0, TaskState.QUEUED),
                ti("up2", 1, TaskState.NONE), ti("down", TaskState.SUCCESS));

        List<DependencyTransition> transitions = DependencyResolver.resolve(DAG, run);

        assertThat(describe(transitions)).isEqualTo("up1:-1>scheduled (no upstream tasks), up2:1>scheduled (no upstream tasks)");
        assertThat(transitions).allMatch(t -> t.from() == TaskState.NONE && t.key().tryNumber() == 1);
    }

    @Test
    void aTaskGoneFromTheDagIsRemovedAndAnUpstreamWithoutTaskInstancesHoldsNothingBack() {
        Dag changed = dag("dag").task(task("new_upstream")).task(task("down").dependsOn("new_upstream")).build();
        List<TaskInstance> run = new ArrayList<>(List.of(ti("old", TaskState.NONE), ti("down", TaskState.NONE)));

        assertThat(describe(DependencyResolver.resolve(changed, run))).isEqualTo(
                "old:-1>removed (task old is no longer in DAG dag), down:-1>scheduled (all upstream tasks succeeded)");
    }

    @Test
    void theReasonNamesTheUpstreamAtFault() {
        List<TaskInstance> run = List.of(ti("up1", TaskState.FAILED), ti("up2", 0, TaskState.SUCCESS),
                ti("up2", 1, TaskState.SUCCESS), ti("down", TaskState.NONE));

        assertThat(DependencyResolver.resolve(DAG, run).getFirst().reason()).isEqualTo("upstream task up1 failed");
    }

    private static String describe(List<DependencyTransition> transitions) {
        return transitions.stream().map(t -> t.key().taskId() + ":" + t.key().mapIndex() + ">" + t.to().dbValue()
                + " (" + t.reason() + ")").collect(Collectors.joining(", "));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "success skipped removed, success",
        "success failed,          failed",
        "upstream_failed success, failed",
        "success running,         running",
        "up_for_retry,            running",
        "'',                      success",
    })
    void aRunEndsOnceEveryTaskInstanceIsFinished(String states, String expected) {
        List<TaskState> taskStates = Arrays.stream(states.trim().split("\\s+")).filter(s -> !s.isEmpty())
                .map(TaskState::fromDb).toList();

        assertThat(DagRunState.outcomeOf(taskStates).map(s -> s.dbValue()).orElse("running")).isEqualTo(expected);
    }
}
